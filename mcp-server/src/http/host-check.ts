import { isIP } from "node:net";
import type { FastifyInstance } from "fastify";
import { ProblemError } from "./problem.js";

/** Names that reach this machine's loopback interface. */
function isLoopbackName(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare.endsWith(".localhost") || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

/** Host headers seen lately with their host names: clients repeat one, and parsing it as a URL was most of the check. */
const hostnames = new Map<string, string | null>();
const HOSTNAMES_KEPT = 64;

/** The host name of a Host header ("localhost:8080", "[::1]:8080"), or null when it is missing or malformed. */
function hostnameOf(header: string | undefined): string | null {
  if (!header) return null;
  const known = hostnames.get(header);
  if (known !== undefined) return known;
  let hostname: string | null;
  try {
    hostname = new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    hostname = null;
  }
  // Bounded: a client sending ever-new Host headers only empties it.
  if (hostnames.size >= HOSTNAMES_KEPT) hostnames.clear();
  hostnames.set(header, hostname);
  return hostname;
}

/**
 * DNS-rebinding protection, as the MCP transport asks of local servers: bound to a loopback
 * address, the server answers only requests addressed to a loopback name or to --public-url's
 * host, so a web page that points a name it controls at 127.0.0.1 cannot reach it.
 */
export function installHostCheck(app: FastifyInstance, options: { host: string; publicUrl: string | null }): void {
  if (!isLoopbackName(options.host)) return;
  const publicHost = options.publicUrl ? new URL(options.publicUrl).hostname.toLowerCase() : null;
  app.addHook("onRequest", async (request) => {
    const hostname = hostnameOf(request.headers.host);
    if (hostname !== null && (isLoopbackName(hostname) || hostname === publicHost)) return;
    throw new ProblemError(
      403,
      `This server is bound to ${options.host} and answers only requests addressed to a loopback name${publicHost ? ` or to ${publicHost}` : ""}, not to "${request.headers.host ?? ""}" (DNS-rebinding protection). Reaching it under another name: set --public-url.`,
      { title: "Host not allowed" },
    );
  });
}
