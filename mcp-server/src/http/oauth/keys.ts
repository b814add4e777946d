import { hkdfSync } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Redis } from "ioredis";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import type { Logger } from "../../log.js";

export const SIGNING_KEY_FILE = "oauth-signing-key.json";
const REDIS_SIGNING_KEY = "coach:oauth:signing-key";

/** A fresh ES256 private key as a JWK, with its thumbprint as kid. */
async function newSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: "ES256", use: "sig" };
}

/** The authorization server's signing key: generated once into the data dir, readable by its owner only. */
export async function loadSigningKey(dataDir: string, log: Logger): Promise<JWK> {
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  try {
    // "wx": two servers starting at once on one data dir keep the first key.
    writeFileSync(file, JSON.stringify(await newSigningKey()), { mode: 0o600, flag: "wx" });
    log.info("generated the OAuth signing key", { file });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) log.warn("the OAuth signing key is readable by other users; chmod 600 it", { file });
  return JSON.parse(readFileSync(file, "utf8")) as JWK;
}

/** With --redis every instance signs with the same key: the first to start stores it, the others read it. */
export async function loadSharedSigningKey(redis: Redis): Promise<JWK> {
  await redis.set(REDIS_SIGNING_KEY, JSON.stringify(await newSigningKey()), "NX");
  const stored = await redis.get(REDIS_SIGNING_KEY);
  if (!stored) throw new Error(`Redis lost ${REDIS_SIGNING_KEY} as it was written`);
  return JSON.parse(stored) as JWK;
}

/** Keys for the sign-in pages (cookie signatures, form tokens), derived from the server secret so every instance agrees. */
export function pageKeys(secret: Uint8Array): { cookieKeys: string[]; csrfKey: Uint8Array } {
  const derive = (purpose: string) => new Uint8Array(hkdfSync("sha256", secret, new Uint8Array(0), `interview-coach ${purpose}`, 32));
  return { cookieKeys: [Buffer.from(derive("oauth cookies")).toString("base64url")], csrfKey: derive("oauth forms") };
}
