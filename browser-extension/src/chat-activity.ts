import type { Platform } from "#contracts/awareness.js";

export type ChatPlatform = Extract<Platform, "claude" | "chatgpt">;

const CHAT_PLATFORMS: Record<string, ChatPlatform> = { "claude.ai": "claude", "chatgpt.com": "chatgpt" };

/** A reported session outlives its last report by this much, so a browser that closes without a word drops out of the other platforms' views. */
export const SESSION_TTL_MS = 10 * 60_000;
/** While a chat site stays open its session is reported again this often, well inside the lifetime. */
export const REPORT_EVERY_MS = 4 * 60_000;

/** The chat platform a tab's address belongs to, or null for any other page. */
export function chatPlatformOf(url: string | undefined): ChatPlatform | null {
  if (!url) return null;
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === "https:" ? (CHAT_PLATFORMS[hostname] ?? null) : null;
  } catch {
    return null;
  }
}

/** What to tell the server, from the chat platforms open now and when each was last reported. Pure. */
export function activityPlan(
  open: ReadonlySet<ChatPlatform>,
  reported: Readonly<Partial<Record<ChatPlatform, number>>>,
  now: number,
): { put: ChatPlatform[]; remove: ChatPlatform[] } {
  const put = [...open].filter((platform) => {
    const at = reported[platform];
    return at === undefined || now - at >= REPORT_EVERY_MS;
  });
  const remove = (Object.keys(reported) as ChatPlatform[]).filter((platform) => !open.has(platform));
  return { put, remove };
}
