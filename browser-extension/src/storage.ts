import type { OAuthClientInformationMixed, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";

/** What the extension keeps in storage.local, per key. */
export interface Stored {
  /** The coach's server, as the person set it on the options page (an origin, no trailing slash). */
  server: string;
  /** Sign-in with that server: the client it registered, its tokens, and a flow under way. */
  auth: SignInRecord;
}

export interface SignInRecord {
  /** The server these belong to: a changed address starts over. */
  server: string;
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** The PKCE verifier and state of the sign-in under way. */
  verifier?: string;
  state?: string;
}

export async function load<K extends keyof Stored>(key: K): Promise<Stored[K] | undefined> {
  const found = await chrome.storage.local.get(key);
  return found[key] as Stored[K] | undefined;
}

export function save<K extends keyof Stored>(key: K, value: Stored[K]): Promise<void> {
  return chrome.storage.local.set({ [key]: value });
}

export function forget(key: keyof Stored): Promise<void> {
  return chrome.storage.local.remove(key);
}

/** Calls back with the new value whenever another page (options, panel, background) changes `key`. */
export function watch<K extends keyof Stored>(key: K, listener: (value: Stored[K] | undefined) => void): () => void {
  const onChanged = (changes: Record<string, chrome.storage.StorageChange>, area: string) => {
    if (area === "local" && key in changes) listener(changes[key]!.newValue as Stored[K] | undefined);
  };
  chrome.storage.onChanged.addListener(onChanged);
  return () => chrome.storage.onChanged.removeListener(onChanged);
}
