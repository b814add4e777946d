// The cloud endpoint and API key as a person types them into settings and the key prompt. Pure.
import { createHash } from "node:crypto";

export type EndpointCheck = { ok: true; url: string } | { ok: false; problem: string };

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An http(s) URL with no credentials, query or fragment, normalised without a trailing slash. */
export function checkEndpoint(raw: string | undefined): EndpointCheck {
  const text = raw?.trim() ?? "";
  if (!text) return { ok: false, problem: "No cloud endpoint is set (interviewCoach.cloudSync.endpoint), e.g. https://coach.example.com." };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `The cloud endpoint "${text}" is not a URL: use one like https://coach.example.com.` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, problem: `The cloud endpoint "${text}" must start with https:// (it starts with ${url.protocol}//).` };
  // The API key travels in every request: only a connection to this machine may go unencrypted.
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname))
    return { ok: false, problem: `The cloud endpoint "${text}" must use https://; plain http:// is allowed only for localhost.` };
  if (url.username || url.password)
    return {
      ok: false,
      problem: `The cloud endpoint must not contain a user name or password: the API key is kept in secret storage (Interview Coach: Set Cloud API Key).`,
    };
  if (url.search || url.hash) return { ok: false, problem: `The cloud endpoint "${text}" must not have a query (?) or fragment (#).` };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, "")}` };
}

/** The /v1/sync WebSocket beside the REST routes: ws:// for http://, wss:// for https://. */
export function syncUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/v1/sync`;
  return url.toString();
}

/** A loose check of the `ick_<id>_<secret>` shape, so a pasted token or a stray space is caught before it is stored. */
export function apiKeyProblem(raw: string): string | null {
  const key = raw.trim();
  if (!key) return "Paste the API key the cloud's operator gave you (keys create).";
  if (!key.startsWith("ick_")) return "An Interview Coach API key starts with ick_.";
  if (/\s/.test(key)) return "The key must not contain spaces or line breaks.";
  if (!/^ick_[A-Za-z0-9_-]{20,}$/.test(key)) return "This does not look like a whole API key: ick_ followed by letters, digits, _ and -.";
  return null;
}

/** The key's public id (`ick_<id>_…`), so state kept per key never stores the secret part. */
export function keyIdOf(key: string): string {
  return /^ick_([A-Za-z0-9]+)_/.exec(key)?.[1] ?? createHash("sha256").update(key).digest("hex").slice(0, 16);
}

/** A short stable name for per-endpoint (and per-key) state: folders and storage keys. */
export function scopeId(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}
