/** What one request line says. */
export interface RequestLineFields {
  requestId: string;
  method: string;
  url: string;
  route: string | null;
  status: number;
  ms: number;
  userId?: string;
  credentialId?: string;
}

/** Text JSON needs no escapes for: printable ASCII without quote or backslash. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Quoted forms of the values lines repeat (methods, paths, routes, callers); bounded in number and length, as a URL can be anything. */
const quotedValues = new Map<string, string>();
const QUOTED_KEPT = 256;
const QUOTED_LONGEST = 512;

/** A string as JSON, as JSON.stringify writes it: a call for each of a line's fields was most of the line's cost. */
function quoted(value: string): string {
  let text = quotedValues.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (value.length > QUOTED_LONGEST) return text;
    if (quotedValues.size >= QUOTED_KEPT) quotedValues.clear();
    quotedValues.set(value, text);
  }
  return text;
}

/**
 * The line pino writes for `child({ requestId }).info(fields, "request")` under the server's
 * formatters, written directly: serialising it through pino cost a busy read as much as its handler.
 * `time` is the time field as the logger's timestamp function makes it.
 */
export function requestLine(fields: RequestLineFields, time: string): string {
  const who = fields.userId === undefined ? "" : `,"userId":${quoted(fields.userId)},"credentialId":${quoted(fields.credentialId!)}`;
  // Request ids differ every time, so they are not kept; they are tokens or UUIDs, which need no escapes.
  const requestId = PLAIN.test(fields.requestId) ? `"${fields.requestId}"` : JSON.stringify(fields.requestId);
  return (
    `{"level":"info"${time},"requestId":${requestId},"method":${quoted(fields.method)},"url":${quoted(fields.url)},` +
    `"route":${fields.route === null ? "null" : quoted(fields.route)},"status":${fields.status},"ms":${fields.ms}${who},"msg":"request"}\n`
  );
}
