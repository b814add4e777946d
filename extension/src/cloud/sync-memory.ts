// What cloud sync remembers between runs, per endpoint, in the extension's global state: what was
// last sent per project (so a restart with the same numbers sends nothing) and the feed's state
// (so a restart replays only what it missed).
import type * as vscode from "vscode";
import type { ProjectStatistics } from "#contracts/awareness.js";
import { EMPTY_FEED, parseFeedState, type FeedState } from "../protocol/platform-activity.js";

export interface SentState {
  /** The last clock this editor stamped, so a wall clock set back cannot order new changes before it. */
  clock: string | null;
  /** `recent`: the last few statistics sent, newest first, to recognise their echoes in the feed. */
  projects: Record<string, { fingerprint: string; recent: ProjectStatistics[] }>;
}

const PERSIST_DELAY_MS = 500;

export class SyncMemory {
  private timer: NodeJS.Timeout | null = null;
  private pending: FeedState | null = null;

  constructor(
    private readonly store: vscode.Memento,
    private readonly prefix: string,
  ) {}

  sent(): SentState {
    const stored = this.store.get<SentState>(`${this.prefix}.sent`);
    return stored && typeof stored === "object" && stored.projects ? stored : { clock: null, projects: {} };
  }

  saveSent(sent: SentState): void {
    void this.store.update(`${this.prefix}.sent`, sent);
  }

  /** The feed as last saved; the feed's clock belongs to the key's user, so another key starts from scratch. */
  feed(keyId: string | null): FeedState {
    const state = parseFeedState(this.store.get(`${this.prefix}.feed`));
    return state.keyId === keyId ? state : { ...EMPTY_FEED, keyId };
  }

  /** Saves shortly, once per burst of changes (a replay can bring hundreds). */
  saveFeedSoon(state: FeedState): void {
    this.pending = state;
    this.timer ??= setTimeout(() => this.flush(), PERSIST_DELAY_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending) void this.store.update(`${this.prefix}.feed`, this.pending);
    this.pending = null;
  }
}
