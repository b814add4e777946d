import { isIP } from "node:net";
import type { Principal } from "./auth/principal.js";
import { publicClientOriginAllowed } from "./oauth/browser-origins.js";
import { ProblemError } from "./problem.js";

/** Names that reach this machine's loopback interface. */
function isLoopbackName(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare.endsWith(".localhost") || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

/** A Host header's host name, and whether that name reaches loopback. */
interface HostName {
  hostname: string;
  loopback: boolean;
}

/** Host headers seen lately with what they name: clients repeat one, and parsing it as a URL was most of the check. */
const hostnames = new Map<string, HostName | null>();
const HOSTNAMES_KEPT = 64;

/** What a Host header ("localhost:8080", "[::1]:8080") names, or null when it is missing or malformed. */
function hostNameOf(header: string | undefined): HostName | null {
  if (!header) return null;
  const known = hostnames.get(header);
  if (known !== undefined) return known;
  let named: HostName | null;
  try {
    const hostname = new URL(`http://${header}`).hostname.toLowerCase();
    named = { hostname, loopback: isLoopbackName(hostname) };
  } catch {
    named = null;
  }
  // Bounded: a client sending ever-new Host headers only empties it.
  if (hostnames.size >= HOSTNAMES_KEPT) hostnames.clear();
  hostnames.set(header, named);
  return named;
}

/**
 * Whether a browser's Origin is the very origin the request was addressed to on a loopback name
 * (Origin `http://127.0.0.1:8080` asking Host `127.0.0.1:8080`): only a page this server served
 * has it, so it is not a foreign origin, whatever --allowed-origin lists. The MCP conformance
 * suite's DNS-rebinding scenario requires such a request to be answered.
 */
export function isOwnLoopbackOrigin(origin: string, hostHeader: string | undefined): boolean {
  if (!hostNameOf(hostHeader)?.loopback) return false;
  try {
    const page = new URL(origin);
    return page.protocol === "http:" && page.host === new URL(`http://${hostHeader}`).host;
  } catch {
    return false;
  }
}

/**
 * A browser Origin that may call /mcp and /v1/sync: one given with --allowed-origin, this server's own
 * on loopback, or the page (or browser extension) of the public OAuth client whose token the request carries.
 */
export function isAllowedOrigin(origin: string, hostHeader: string | undefined, allowedOrigins: readonly string[], principal?: Principal | null): boolean {
  if (allowedOrigins.includes(origin) || isOwnLoopbackOrigin(origin, hostHeader)) return true;
  return principal?.browserRedirects !== undefined && publicClientOriginAllowed(origin, principal.browserRedirects);
}

/**
 * DNS-rebinding protection, as the MCP transport asks of local servers: bound to a loopback
 * address, the server answers only requests addressed to a loopback name or to --public-url's
 * host, so a web page that points a name it controls at 127.0.0.1 cannot reach it. The guard gives
 * the 403 a request addressed to this Host gets, or null when it may be answered; the app's first
 * hook runs it, and upgrades, which bypass the hooks, run it themselves.
 */
export type HostGuard = (hostHeader: string | undefined) => ProblemError | null;

export function hostGuard(options: { host: string; publicUrl: string | null }): HostGuard {
  // Bound beyond loopback, the server is reached by whatever names its operator gives it.
  if (!isLoopbackName(options.host)) return () => null;
  const publicHost = options.publicUrl ? new URL(options.publicUrl).hostname.toLowerCase() : null;
  return (hostHeader) => {
    const named = hostNameOf(hostHeader);
    if (named !== null && (named.loopback || named.hostname === publicHost)) return null;
    return new ProblemError(
      403,
      `This server is bound to ${options.host} and answers only requests addressed to a loopback name${publicHost ? ` or to ${publicHost}` : ""}, not to "${hostHeader ?? ""}" (DNS-rebinding protection). Reaching it under another name: set --public-url.`,
      { title: "Host not allowed" },
    );
  };
}
