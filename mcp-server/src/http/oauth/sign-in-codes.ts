import { createHash, randomInt } from "node:crypto";
import { SCOPES } from "../auth/scopes.js";
import type { OAuthRecords, SignedIn } from "./records.js";

/** Crockford's base32 letters: no I, L, O or U, so a code read aloud or typed from a screen is not misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH = 8;
/** Long enough to switch to a browser and type it; short enough that a code left on a screen soon means nothing. */
export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;

/** The code as people type it: upper-cased, without spaces or dashes, with the letters Crockford reads as digits mapped. */
export function normaliseSignInCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
}

const digest = (code: string) => createHash("sha256").update(normaliseSignInCode(code)).digest("hex");

export function looksLikeSignInCode(typed: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${LENGTH}}$`).test(normaliseSignInCode(typed));
}

/** One-time codes a person types at /authorize to prove they own a user's data; only their hashes are stored. */
export class SignInCodes {
  constructor(
    private readonly records: OAuthRecords,
    private readonly now: () => number = Date.now,
  ) {}

  /** A fresh code for the user, shown once as XXXX-XXXX, with when it expires; it reaches at most these scopes. */
  async mint(userId: string, scopes: readonly string[] = SCOPES): Promise<{ code: string; expiresAt: number }> {
    let raw = "";
    for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
    const createdAt = this.now();
    const expiresAt = createdAt + SIGN_IN_CODE_TTL_MS;
    await this.records.saveSignInCode({ sha256: digest(raw), userId, scopes: [...scopes], createdAt, expiresAt });
    return { code: `${raw.slice(0, 4)}-${raw.slice(4)}`, expiresAt };
  }

  /** The user the code was minted for and its scopes, once; null for an unknown, used or expired code. */
  redeem(typed: string): Promise<SignedIn | null> {
    if (!looksLikeSignInCode(typed)) return Promise.resolve(null);
    return this.records.useSignInCode(digest(typed), this.now());
  }
}
