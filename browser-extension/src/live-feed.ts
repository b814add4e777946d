import {
  BEARER_SUBPROTOCOL_PREFIX,
  SYNC_SUBPROTOCOL,
  syncServerMessageSchema,
  type Change,
  type Project,
  type Session,
  type SyncServerMessage,
} from "#contracts/awareness.js";
import {
  applyChange,
  caughtUp,
  EMPTY_FEED,
  itemsFor,
  parseFeedState,
  startSnapshot,
  type ActivityItem,
  type FeedState,
  type Perspective,
} from "#protocol/platform-activity.js";

export interface LiveState {
  status: "connecting" | "live" | "offline";
  /** Most recently active first. */
  projects: Project[];
  sessions: Session[];
  /** What the platforms did lately on the active project, newest first, as VS Code's Other Platforms view lists it. */
  activity: ActivityItem[];
  /** The feed's history, kept so a reopened panel still lists it. */
  feed: FeedState;
}

/** What the panel keeps between openings: everything but whether the socket is live. */
export type KeptLive = Omit<LiveState, "status" | "activity">;

/** The browser has no session of its own in the feed to leave out, and sends no project statistics. */
const BROWSER: Perspective = { ownSessionId: "", sentStatistics: () => [] };
/** Lines of activity the panel lists. */
const ACTIVITY_SHOWN = 5;

const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 30_000;

/**
 * The person's projects and sessions, kept current over /v1/sync: the first subscription gets the
 * server's state (a snapshot), a reconnect subscribes from the last clock it saw and misses nothing.
 * `token` is asked before each connection, so the MCP client can refresh an expired one first.
 */
export class LiveFeed {
  private readonly projects = new Map<string, Project>();
  private readonly sessions = new Map<string, Session>();
  private since: string | null = null;
  private feed: FeedState;
  private socket: WebSocket | null = null;
  private status: LiveState["status"] = "connecting";
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly server: string,
    private readonly token: () => Promise<string | undefined>,
    private readonly onState: (state: LiveState) => void,
    /** What was last received, shown until the server's snapshot replaces it. */
    kept?: KeptLive,
  ) {
    this.feed = kept ? parseFeedState(kept.feed) : EMPTY_FEED;
    for (const project of kept?.projects ?? []) this.projects.set(project.project_id, project);
    for (const session of kept?.sessions ?? []) this.sessions.set(session.session_id, session);
  }

  start(): void {
    void this.connect();
  }

  /** Reconnects now rather than when the backoff says: the server was just reached another way. */
  retryNow(): void {
    if (this.stopped || this.socket || !this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close(1000, "panel closed");
    this.socket = null;
  }

  private emit(status: LiveState["status"]): void {
    this.status = status;
    const projects = [...this.projects.values()].sort((a, b) => b.last_activity.localeCompare(a.last_activity));
    const activity = itemsFor(this.feed, projects[0]?.project_id ?? null, ACTIVITY_SHOWN);
    this.onState({ status, projects, sessions: [...this.sessions.values()], activity, feed: this.feed });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.emit(this.failures ? "offline" : "connecting");
    const token = await this.token().catch(() => undefined);
    if (this.stopped) return;
    if (!token) return this.retry();
    const socket = new WebSocket(`${this.server.replace(/^http/, "ws")}/v1/sync`, [SYNC_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${token}`]);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: "subscribe", since: this.since }));
    socket.onmessage = (event: MessageEvent<string>) => {
      const parsed = syncServerMessageSchema.safeParse(JSON.parse(event.data));
      if (parsed.success) this.receive(parsed.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    this.failures++;
    this.emit("offline");
    // Capped exponential backoff with jitter, so many panels do not come back at once after an outage.
    const delay = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(this.failures - 1, 5)) * (0.5 + Math.random() / 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }

  private receive(message: SyncServerMessage): void {
    switch (message.type) {
      case "snapshot":
        this.projects.clear();
        this.sessions.clear();
        this.feed = startSnapshot(this.feed);
        return;
      case "change":
        this.apply(message.change);
        if (this.status === "live") this.emit("live");
        return;
      case "live":
        this.since = message.clock ?? this.since;
        this.feed = caughtUp(this.feed, message.clock ?? null);
        this.failures = 0;
        this.emit("live");
        return;
      case "error":
        return;
    }
  }

  private apply(change: Change): void {
    this.since = change.clock;
    this.feed = applyChange(this.feed, change, BROWSER);
    if (change.deleted) {
      (change.entity === "project" ? this.projects : this.sessions).delete(change.id);
    } else if (change.entity === "project") {
      this.projects.set(change.id, change.state);
    } else {
      this.sessions.set(change.id, change.state);
    }
  }
}
