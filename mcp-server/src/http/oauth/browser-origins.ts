/**
 * Which browser origins may call the token and revocation endpoints for a public client (one with no
 * secret, PKCE only). oidc-provider allows a web client's own redirect origins; a browser extension's
 * pages have their own scheme, and sign in through the browser's identity API, which redirects to an
 * address the browser owns: https://ID.chromiumapp.org/ for Chrome's chrome-extension://ID, and
 * https://HASH.extensions.allizom.org/ for Firefox, whose moz-extension:// origin is random per install.
 */
export function publicClientOriginAllowed(origin: string, redirectUris: readonly string[]): boolean {
  if (origin === "null") return false;
  const hosts = redirectUris.map((uri) => URL.parse(uri)).filter((url): url is URL => url !== null && url.protocol === "https:");
  if (hosts.some((url) => url.origin === origin)) return true;
  const chrome = /^chrome-extension:\/\/([a-p]{32})$/.exec(origin);
  if (chrome) return hosts.some((url) => url.host === `${chrome[1]}.chromiumapp.org`);
  if (/^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(origin))
    return hosts.some((url) => url.host.endsWith(".extensions.allizom.org"));
  return false;
}
