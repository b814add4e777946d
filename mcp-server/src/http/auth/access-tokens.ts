import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { errors, jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import type { Logger } from "../../log.js";
import type { ApiKeyRecord } from "./api-keys.js";
import { isScope, type Scope } from "./scopes.js";

const ISSUER = "digital-twin-interview-coach";
const AUDIENCE = "interview-coach-api";
/** RFC 9068's media type for JWT access tokens, so an ID token or other JWT signed with the same secret is never accepted. */
const TOKEN_TYPE = "at+jwt";
export const JWT_SECRET_FILE = "jwt-secret";

/** The HS256 secret: COACH_JWT_SECRET when set, else one generated once into the data dir, readable by its owner only. */
export function loadJwtSecret(dataDir: string, env: NodeJS.ProcessEnv, log: Logger): Uint8Array {
  const fromEnv = env.COACH_JWT_SECRET;
  if (fromEnv !== undefined) {
    if (Buffer.byteLength(fromEnv) < 32) throw new Error("COACH_JWT_SECRET: must be at least 32 bytes (for example: openssl rand -base64 48)");
    return new TextEncoder().encode(fromEnv);
  }
  const file = path.join(dataDir, JWT_SECRET_FILE);
  try {
    // "wx": two servers starting at once on one data dir keep the first secret, never overwrite it.
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
    log.info("generated the access-token signing secret", { file });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0)
    log.warn("the access-token secret is readable by other users; chmod 600 it", { file });
  const secret = readFileSync(file, "utf8").trim();
  if (Buffer.byteLength(secret) < 32)
    throw new Error(`${file}: must hold at least 32 bytes; delete it to generate a new one (every issued token becomes invalid)`);
  return new TextEncoder().encode(secret);
}

export interface AccessTokenClaims {
  userId: string;
  scopes: Scope[];
  keyId: string;
  tokenId: string;
  expiresAt: number;
}

/** Enough for every live token of a few thousand active clients; an evicted one is verified again. */
const VERIFIED_TOKENS = 10_000;

/** Why a presented token was refused, in words a client can act on. */
export class TokenRejected extends Error {}

/** Short-lived HS256 access tokens issued for an API key. */
export class AccessTokens {
  /** Imported once: given raw bytes, jose imports a WebCrypto key on every sign and verify. */
  private readonly key: Promise<CryptoKey>;
  /** Tokens already verified, by their exact text, until they expire: only the signer could have made the same string. */
  private readonly verified = new LRUCache<string, AccessTokenClaims>({ max: VERIFIED_TOKENS });

  constructor(
    secret: Uint8Array,
    readonly maxTtlSeconds: number,
  ) {
    this.key = crypto.subtle.importKey("raw", new Uint8Array(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  }

  async issue(key: ApiKeyRecord, scopes: readonly Scope[], ttlSeconds: number): Promise<{ token: string; tokenId: string; expiresAt: number }> {
    const tokenId = randomUUID();
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + ttlSeconds;
    const token = await new SignJWT({ scope: scopes.join(" "), key_id: key.id })
      .setProtectedHeader({ alg: "HS256", typ: TOKEN_TYPE })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(key.userId)
      .setJti(tokenId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(await this.key);
    return { token, tokenId, expiresAt };
  }

  /** The token's claims, or TokenRejected saying why (expired, bad signature, malformed). */
  async verify(token: string): Promise<AccessTokenClaims> {
    const known = this.known(token);
    if (known) return known;
    const claims = await this.verifySignature(token);
    this.verified.set(token, claims);
    return claims;
  }

  /** The claims of a token already verified and not yet expired; undefined: verify() must decide. */
  known(token: string): AccessTokenClaims | undefined {
    const known = this.verified.get(token);
    return known && known.expiresAt * 1000 > Date.now() ? known : undefined;
  }

  private async verifySignature(token: string): Promise<AccessTokenClaims> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, await this.key, {
        algorithms: ["HS256"],
        issuer: ISSUER,
        audience: AUDIENCE,
        typ: TOKEN_TYPE,
        requiredClaims: ["sub", "jti", "exp", "iat"],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenRejected("the access token has expired; request a new one from /v1/auth/token");
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new TokenRejected("the access token's signature does not verify");
      throw new TokenRejected(`the access token is not valid: ${(error as Error).message}`);
    }
    const scopes = typeof payload.scope === "string" ? payload.scope.split(" ").filter(Boolean) : [];
    if (typeof payload.key_id !== "string" || !scopes.every(isScope)) throw new TokenRejected("the access token's claims are not ones this server issues");
    return Object.freeze({
      userId: payload.sub!,
      scopes: Object.freeze(scopes) as Scope[],
      keyId: payload.key_id,
      tokenId: payload.jti!,
      expiresAt: payload.exp!,
    });
  }
}
