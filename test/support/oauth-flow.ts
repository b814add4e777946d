import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import type { RedirectCatcher } from "./oauth-client.js";
import { runCli, type HttpCoach } from "./http-server.js";

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  [field: string]: unknown;
}

/** RFC 7591 registration, as Claude or mcp-remote do it. */
export async function registerClient(coach: HttpCoach, redirectUri: string, metadata: Record<string, unknown> = {}): Promise<RegisteredClient> {
  const response = await fetch(`${coach.url}/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Refusal Tester", redirect_uris: [redirectUri], token_endpoint_auth_method: "none", ...metadata }),
  });
  const body = (await response.json()) as RegisteredClient;
  assert.equal(response.status, 201, JSON.stringify(body));
  return body;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export function authorizationUrl(coach: HttpCoach, client: RegisteredClient, redirectUri: string, params: Record<string, string>): URL {
  const url = new URL(`${coach.url}/authorize`);
  const all = {
    client_id: client.client_id,
    response_type: "code",
    redirect_uri: redirectUri,
    scope: "memory:access",
    state: randomBytes(8).toString("hex"),
    ...params,
  };
  for (const [key, value] of Object.entries(all)) url.searchParams.set(key, value);
  return url;
}

export async function signInCode(coach: HttpCoach, userId: string): Promise<string> {
  const result = await runCli(["keys", "sign-in-code", "--user", userId, "--data-dir", coach.dataDir]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.trim();
}

/** Types a credential on the sign-in page the browser is on. */
export async function submitCredential(page: Page, credential: string): Promise<void> {
  await page.getByLabel("Sign-in code or API key").fill(credential);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens the authorization URL, signs in, answers the consent page, and returns what the redirect brought back. */
export async function authorizeInBrowser(
  page: Page,
  url: URL,
  credential: string,
  redirects: RedirectCatcher,
  answer: "Allow" | "Deny" = "Allow",
): Promise<URLSearchParams> {
  const arrived = redirects.next();
  await page.goto(url.href);
  await submitCredential(page, credential);
  await page.getByRole("button", { name: answer }).click();
  return arrived;
}

export async function exchange(
  coach: HttpCoach,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${coach.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}
