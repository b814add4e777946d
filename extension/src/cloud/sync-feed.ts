// The /v1/sync WebSocket as a client: subscribe from the last clock seen, hand each change on in
// order, and reconnect with capped, jittered backoff. No vscode here; the owner persists the clock.
import type { IncomingMessage } from "node:http";
import type { WebSocket as WsSocket } from "ws";
import type { Change, SyncServerMessage } from "#contracts/awareness.js";
import { retryDelay } from "./retry-policy.js";

export type FeedStatus =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "offline"; reason: string; retryAt: number }
  /** Refused at the upgrade (401/403): waits for a new key rather than retrying. */
  | { kind: "unauthorized"; reason: string }
  | { kind: "stopped" };

export interface SyncFeedOptions {
  /** ws:// or wss:// URL of /v1/sync. */
  url: string;
  credential(): Promise<string | undefined>;
  /** The clock to subscribe from; null: nothing held yet, so the cloud sends its state. Read again at every reconnect. */
  since(): string | null;
  /** The replay that follows is the whole state: drop what is held before applying it. */
  onSnapshot(): void;
  onChange(change: Change): void;
  /** The replay has caught up at `clock`, the position to subscribe from next: later changes are live. */
  onLive(clock: string | null): void;
  onStatus(status: FeedStatus): void;
  log(line: string): void;
  random?: () => number;
  now?: () => number;
}

/** The `ws` client, loaded on first connect so activation does not pay for it. */
const loadWs = () => import("ws");

const HANDSHAKE_TIMEOUT_MS = 15_000;
const RECONNECT_BASE_MS = 1_000;
const RECONNECT_CAP_MS = 60_000;
/** The server pings every 30 s by default; a socket silent much longer than that is dead (a laptop that slept). */
const SILENCE_LIMIT_MS = 90_000;

/** The problem body's detail of a refused upgrade, else the status text. */
function readRefusal(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => (body = (body + chunk).slice(0, 4_000)));
    response.on("error", () => resolve(response.statusMessage ?? ""));
    response.on("end", () => {
      try {
        const problem = JSON.parse(body) as { detail?: unknown };
        resolve(typeof problem.detail === "string" ? problem.detail : `HTTP ${response.statusCode}`);
      } catch {
        resolve(`HTTP ${response.statusCode} ${response.statusMessage ?? ""}`.trim());
      }
    });
  });
}

export class SyncFeed {
  private socket: WsSocket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private silence: NodeJS.Timeout | null = null;
  private failures = 0;
  private state: FeedStatus = { kind: "stopped" };
  private disposed = false;
  private generation = 0;
  private lastError: string | null = null;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: SyncFeedOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get status(): FeedStatus {
    return this.state;
  }

  start(): void {
    void this.connect();
  }

  /** A new key: reconnect now with it, even over a live socket or an attempt still using the old one. */
  reconnectNow(): void {
    if (this.disposed) return;
    this.failures = 0;
    void this.connect();
  }

  /** The cloud answered elsewhere (a delivery got through): a feed waiting out its backoff tries now. */
  wake(): void {
    if (this.disposed || this.state.kind !== "offline") return;
    this.failures = 0;
    void this.connect();
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.clearTimers();
    this.socket?.close(1000, "editor closing");
    this.socket = null;
    this.setStatus({ kind: "stopped" });
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.clearTimers();
    this.socket?.terminate();
    this.socket = null;
    this.setStatus({ kind: "connecting" });
    const [key, { WebSocket }] = await Promise.all([this.options.credential(), loadWs()]);
    if (generation !== this.generation) return;
    if (!key) return this.setStatus({ kind: "unauthorized", reason: "no API key set (Interview Coach: Set Cloud API Key)" });
    const socket = new WebSocket(this.options.url, {
      headers: { authorization: `Bearer ${key}` },
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
      maxPayload: 16 * 1024 * 1024,
    });
    this.socket = socket;
    const current = () => generation === this.generation;
    let refused = false;
    socket.on("unexpected-response", (request, response) => {
      refused = true;
      void readRefusal(response).then((detail) => {
        request.destroy();
        if (!current()) return;
        const status = response.statusCode ?? 0;
        this.options.log(`activity feed refused by the cloud: ${status} ${detail}`);
        if (status === 401 || status === 403) this.setStatus({ kind: "unauthorized", reason: detail });
        else this.retryLater(`HTTP ${status}: ${detail}`);
      });
    });
    socket.on("open", () => {
      if (!current()) return;
      this.heardFrom();
      socket.send(JSON.stringify({ type: "subscribe", since: this.options.since() }));
    });
    socket.on("ping", () => current() && this.heardFrom());
    socket.on("message", (data) => {
      if (!current()) return;
      this.heardFrom();
      this.receive(data.toString());
    });
    // The close that follows reports it.
    socket.on("error", (error) => current() && (this.lastError = error.message));
    socket.on("close", (code, reason) => {
      if (!current() || refused) return;
      this.socket = null;
      const lost = this.lastError ?? "the connection to the cloud was lost";
      this.lastError = null;
      this.retryLater(code === 1006 ? lost : `closed by the cloud (${code}${reason.length ? `: ${reason.toString()}` : ""})`);
    });
  }

  private receive(text: string): void {
    let message: SyncServerMessage;
    try {
      message = JSON.parse(text) as SyncServerMessage;
    } catch {
      this.options.log(`activity feed: ignored a message that is not JSON: ${text.slice(0, 120)}`);
      return;
    }
    if (message.type === "change") this.options.onChange(message.change);
    else if (message.type === "snapshot") this.options.onSnapshot();
    else if (message.type === "live") {
      if (this.failures > 0) this.options.log("activity feed: connected again");
      this.failures = 0;
      this.setStatus({ kind: "live" });
      this.options.onLive(message.clock);
    } else if (message.type === "error") this.options.log(`activity feed: the cloud refused the subscription: ${message.field} ${message.rule}`);
  }

  private retryLater(reason: string): void {
    if (this.disposed) return;
    this.clearTimers();
    const delay = retryDelay(this.failures++, null, this.random(), RECONNECT_BASE_MS, RECONNECT_CAP_MS);
    this.options.log(`activity feed: ${reason}; reconnecting in ${(delay / 1000).toFixed(1)} s`);
    this.setStatus({ kind: "offline", reason, retryAt: this.now() + delay });
    this.timer = setTimeout(() => void this.connect(), delay);
  }

  private heardFrom(): void {
    if (this.silence) clearTimeout(this.silence);
    this.silence = setTimeout(() => {
      this.options.log(`activity feed: nothing heard from the cloud for ${SILENCE_LIMIT_MS / 1000} s`);
      this.socket?.terminate();
    }, SILENCE_LIMIT_MS);
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.silence) clearTimeout(this.silence);
    this.timer = null;
    this.silence = null;
  }

  private setStatus(status: FeedStatus): void {
    this.state = status;
    this.options.onStatus(status);
  }
}
