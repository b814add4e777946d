/** A value built on first use, so heavy libraries load after the MCP handshake, not before it. */
export function lazy<T>(load: () => T): () => T {
  let cell: { value: T } | undefined;
  return () => (cell ??= { value: load() }).value;
}
