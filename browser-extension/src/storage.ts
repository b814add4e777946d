import type { OAuthClientInformationMixed, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { ToolArgs, ToolResult } from "#contracts/tools.js";
import type { KeptLive } from "./live-feed";

/** What the extension keeps in storage.local, per key. */
export interface Stored {
  /** The coach's server, as the person set it on the options page (an origin, no trailing slash). */
  server: string;
  /** Sign-in with that server: the client it registered, its tokens, and a flow under way. */
  auth: SignInRecord;
  /** Names this browser's sessions in the awareness API, one per chat platform. */
  installId: string;
  /** When each chat platform's session was last reported to the server (ms since the epoch). */
  reported: Partial<Record<"claude" | "chatgpt", number>>;
  /** The question the panel shows for practice, so a reopened panel and the context menu's evaluation use it. */
  practice: ToolResult<"practice_question">;
  /** An answer chosen with the context menu, waiting for the panel to score it. */
  evaluation: PendingEvaluation;
  /** The coach's last answers to the panel's reads, shown while the server cannot be reached. */
  answers: Record<string, { result: unknown; at: number }>;
  /** Practice recorded while the server could not be reached, oldest first, sent when it can be. */
  outbox: QueuedPractice[];
  /** The projects and sessions last received over the sync socket. */
  live: KeptLive;
}

export interface QueuedPractice {
  id: string;
  args: ToolArgs<"record_performance">;
  queuedAt: number;
  /** Why the server refused it, when it did: kept for the person to see rather than dropped. */
  refused?: string;
}

export interface PendingEvaluation {
  answer: string;
  /** The site it was selected on, as the person would name it. */
  from: string | null;
  at: number;
}

export interface SignInRecord {
  /** The server these belong to: a changed address starts over. */
  server: string;
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  /** When the tokens were issued (ms since the epoch): with expires_in, when the access token lapses. */
  tokensAt?: number;
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
