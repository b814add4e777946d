/** The coach's server as the person types it, checked before anything is stored. Pure apart from the fetch it is given. */

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The server's origin from what was typed: an https URL, or http on this machine; a pasted MCP URL (…/mcp) is accepted. */
export function serverOrigin(input: string): string {
  const text = input.trim();
  if (!text) throw new Error("Server address: enter the address of your Interview Coach server, such as https://coach.example.com.");
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`Server address: "${text}" is not a web address; it must start with https://.`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname)))
    throw new Error("Server address: it must use https://, or http:// on this machine (127.0.0.1 or localhost).");
  if (url.username || url.password) throw new Error("Server address: it must not carry a user name or password; you sign in on the server's own page.");
  if (url.search || url.hash) throw new Error("Server address: it must not carry a query (?…) or fragment (#…).");
  if (!/^\/(mcp\/?)?$/.test(url.pathname))
    throw new Error(`Server address: give the server's root (${url.origin}) or its MCP address (${url.origin}/mcp), not ${url.pathname}.`);
  return url.origin;
}

/** The host permission pattern that lets the extension's pages call the server. */
export const originPattern = (origin: string) => `${origin}/*`;

export interface ServerIdentity {
  /** The MCP endpoint the server's resource metadata names. */
  resource: string;
}

const CHECK_TIMEOUT_MS = 10_000;

/**
 * Asks the server's protected-resource metadata (RFC 9728), which every Interview Coach server with
 * sign-in answers without a credential, and says plainly what is wrong when it is not there.
 */
export async function checkServer(origin: string, fetchFn: typeof fetch = fetch): Promise<ServerIdentity> {
  const metadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
  let response: Response;
  try {
    response = await fetchFn(metadataUrl, { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS), credentials: "omit" });
  } catch (error) {
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer in ${CHECK_TIMEOUT_MS / 1000} s` : "the connection failed";
    throw new Error(`Could not reach ${origin} (${reason}). Check the address, and that the server is running and reachable from this browser.`, {
      cause: error,
    });
  }
  const notCoach = (why: string) => new Error(`${origin} answered, but not as an Interview Coach server: ${why}.`);
  if (!response.ok) throw notCoach(`${metadataUrl} answered ${response.status}, where a coach server describes itself`);
  const metadata = (await response.json().catch(() => null)) as { resource?: unknown; resource_name?: unknown } | null;
  if (!metadata || metadata.resource_name !== "Interview Coach")
    throw notCoach(`its resource metadata names ${JSON.stringify(metadata?.resource_name ?? null)}`);
  if (metadata.resource !== `${origin}/mcp`)
    throw notCoach(`its MCP address is ${String(metadata.resource)}, not ${origin}/mcp; use that server's own address`);
  return { resource: metadata.resource };
}
