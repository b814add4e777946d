/** What a credential may do; a route names the scopes it needs with requireScope(). */
export const SCOPES = ["project:read", "project:write", "session:sync", "memory:access"] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** A user id names a folder under the data dir, so it may hold no path separators and no dot-only names. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const USER_ID_RULE = "must be 1–64 letters, digits, dots, hyphens or underscores, starting with a letter or digit";

export function isUserId(value: string): boolean {
  return USER_ID.test(value);
}
