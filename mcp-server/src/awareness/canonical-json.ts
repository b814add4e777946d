export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * JSON with object keys sorted and every non-ASCII character escaped, so equal values have one
 * spelling and comparing two spellings as strings is the same as comparing their bytes (in Lua too).
 */
export function canonicalJson(value: JsonValue): string {
  return write(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function write(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(write).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(value[k]!)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
