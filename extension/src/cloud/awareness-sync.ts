// One run of cloud sync for one endpoint: the active project's numbers and this window's session go
// out through the durable forwarder; the sync feed brings back what other platforms did.
import { createHash } from "node:crypto";
import * as path from "node:path";
import * as vscode from "vscode";
import type { z } from "zod";
import type { getTargetRoleOutput } from "#contracts/job-fit.js";
import type { getAnalyticsReportOutput, getNextMilestonesOutput } from "#contracts/progress.js";
import type { ServerConnection } from "../mcp/server-connection.js";
import {
  applyChange,
  caughtUp,
  EMPTY_FEED,
  itemsFor,
  startSnapshot,
  type ActivityItem,
  type FeedState,
  type Perspective,
} from "../protocol/platform-activity.js";
import { activeProject, projectUpdate, type ActiveProject } from "./awareness-snapshot.js";
import { ClientClock } from "./client-clock.js";
import { cloudSender } from "./cloud-client.js";
import { scopeId, syncUrl } from "./endpoint.js";
import { AwarenessForwarder, type SyncStatus } from "./forwarder.js";
import { claimOutbox } from "./outbox-claim.js";
import { SyncFeed, type FeedStatus } from "./sync-feed.js";
import { SyncMemory, type SentState } from "./sync-memory.js";
import { errorMessage } from "#contracts/plain.js";

export interface SyncTarget {
  /** A checked endpoint (checkEndpoint). */
  endpoint: string;
  /** The project setting; empty means the workspace folder's name. */
  project: string | undefined;
}

export interface AwarenessSyncDeps {
  context: vscode.ExtensionContext;
  connection(): ServerConnection;
  log: vscode.LogOutputChannel;
  credential(): Promise<string | undefined>;
  keyId(): string | null;
  /** Status or activity changed: repaint. */
  onChange(): void;
  onRejected(what: string, detail: string): void;
}

const DEBOUNCE_MS = 1_500;
const TOOL_RETRY_MS = 30_000;
/** How long a refresh waits for the feed's replay, which tells which platforms the project already lists. */
const FEED_WAIT_MS = 5_000;
const SESSION_TTL_MS = 24 * 3_600_000;
const SESSION_RENEW_MS = 12 * 3_600_000;
const RECENT_SENT = 5;

/** fetch reports every network failure as "fetch failed"; the cause says which (ECONNREFUSED, a TLS error, a timeout). */
function networkFailure(error: unknown): Error {
  const cause = error instanceof Error ? (error.cause as { message?: unknown } | undefined) : undefined;
  return new Error(typeof cause?.message === "string" ? cause.message : errorMessage(error));
}

export class AwarenessSync implements vscode.Disposable {
  private readonly forwarder: AwarenessForwarder;
  private readonly feed: SyncFeed;
  private readonly clock: ClientClock;
  private readonly sessionId: string;
  private readonly memory: SyncMemory;
  private readonly perspective: Perspective;
  private feedState: FeedState;
  private sent: SentState;
  private feedLive = false;
  private liveWaiters: (() => void)[] = [];
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly renewTimer: NodeJS.Timeout;
  private force = false;
  private running: Promise<void> = Promise.resolve();
  private session: { fingerprint: string; at: number } | null = null;
  private disposed = false;

  constructor(
    private readonly target: SyncTarget,
    private readonly deps: AwarenessSyncDeps,
  ) {
    const { context, log } = deps;
    this.memory = new SyncMemory(context.globalState, `cloudSync.${scopeId(target.endpoint)}`);
    this.sessionId = vscode.env.sessionId.replace(/[^A-Za-z0-9_.:-]/g, "-").slice(0, 128);
    this.perspective = { ownSessionId: this.sessionId, sentStatistics: (projectId) => this.sent.projects[projectId]?.recent ?? [] };
    const node = createHash("sha256").update(`${vscode.env.machineId}\n${vscode.env.sessionId}`).digest("hex").slice(0, 16);
    this.clock = new ClientClock(`vscode-${node}`);
    this.sent = this.memory.sent();
    if (this.sent.clock) this.observe(this.sent.clock);
    this.feedState = this.memory.feed(deps.keyId());

    const send = cloudSender(target.endpoint, deps.credential);
    const claim = claimOutbox(path.join(context.globalStorageUri.fsPath, "cloud-sync", scopeId(target.endpoint)));
    if (claim.adopted) log.info(`[cloud sync] took over ${claim.adopted} queued change(s) from a window that has closed`);
    for (const problem of claim.problems) log.error(`[cloud sync] an outbox file could not be read and was set aside: ${problem}`);
    this.forwarder = new AwarenessForwarder({
      file: claim.file,
      send: (delivery) => send(delivery).catch((error: unknown) => Promise.reject(networkFailure(error))),
      onStatus: (status) => this.forwarderChanged(status),
      onRejected: (delivery, outcome) => deps.onRejected(`${delivery.entity} ${delivery.id}`, `${outcome.status}: ${outcome.detail}`),
    });
    this.feed = new SyncFeed({
      url: syncUrl(target.endpoint),
      credential: deps.credential,
      since: () => this.feedState.since,
      onSnapshot: () => {
        this.feedState = startSnapshot(this.feedState);
        this.memory.saveFeedSoon(this.feedState);
      },
      onChange: (change) => {
        this.observe(change.clock);
        this.feedState = applyChange(this.feedState, change, this.perspective);
        this.memory.saveFeedSoon(this.feedState);
        deps.onChange();
      },
      onLive: (clock) => {
        this.feedState = caughtUp(this.feedState, clock);
        this.memory.saveFeedSoon(this.feedState);
        this.feedLive = true;
        for (const resolve of this.liveWaiters.splice(0)) resolve();
        // The cloud answers again: queued changes go now rather than at their backoff time.
        this.forwarder.retryNow();
        deps.onChange();
      },
      onStatus: (status) => {
        if (status.kind === "unauthorized") for (const resolve of this.liveWaiters.splice(0)) resolve();
        deps.onChange();
      },
      log: (line) => log.info(`[cloud sync] ${line}`),
    });
    this.renewTimer = setInterval(() => this.recordSession(this.project()), 3_600_000);
  }

  start(): void {
    this.feed.start();
    this.forwarder.kick();
    this.schedule(false, 0);
  }

  get endpoint(): string {
    return this.target.endpoint;
  }

  get status(): SyncStatus {
    return this.forwarder.status();
  }

  get feedStatus(): FeedStatus {
    return this.feed.status;
  }

  /** The project other platforms see as active in this window. */
  project(): ActiveProject | null {
    return activeProject(this.target.project, vscode.workspace.workspaceFolders?.[0]?.name);
  }

  activity(): ActivityItem[] {
    return itemsFor(this.feedState, this.project()?.id ?? null);
  }

  /** The person's numbers changed: send them (even if equal, last_activity moves). */
  dataChanged(): void {
    this.schedule(true, DEBOUNCE_MS);
  }

  /** Workspace folders changed: the active project may be another one. */
  workspaceChanged(): void {
    this.schedule(false, DEBOUNCE_MS);
    this.deps.onChange();
  }

  /** A new key was stored: a different key starts the feed from scratch; held deliveries go again. */
  keyChanged(): void {
    if (this.feedState.keyId !== this.deps.keyId()) {
      this.feedState = { ...EMPTY_FEED, keyId: this.deps.keyId() };
      this.memory.saveFeedSoon(this.feedState);
    }
    this.forwarder.resume();
    this.feed.reconnectNow();
    this.deps.onChange();
  }

  retryNow(): void {
    this.forwarder.retryNow();
    this.feed.wake();
  }

  /** Runs a waiting refresh now and resolves when it and the current delivery attempt are done. */
  async flush(): Promise<void> {
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = null;
      this.runRefresh();
    }
    await this.running;
    await this.forwarder.idle();
  }

  /** The window is closing: the session ends now (queued durably; a later start delivers it if this one cannot). */
  endSession(): void {
    if (!this.session || this.disposed) return;
    this.forwarder.record({ entity: "session", id: this.sessionId, fields: { expires_at: new Date().toISOString() }, clock: this.clock.next() });
    this.session = null;
  }

  dispose(): void {
    this.disposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    clearInterval(this.renewTimer);
    this.forwarder.dispose();
    this.feed.dispose();
    for (const resolve of this.liveWaiters.splice(0)) resolve();
    this.memory.flush();
  }

  private schedule(force: boolean, delayMs: number): void {
    if (this.disposed) return;
    this.force ||= force;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.runRefresh();
    }, delayMs);
  }

  /** One refresh at a time, so two bursts never record out of order. */
  private runRefresh(): void {
    const force = this.force;
    this.force = false;
    this.running = this.running.then(() => this.refresh(force)).catch((error: unknown) => this.deps.log.error(`[cloud sync] ${errorMessage(error)}`));
  }

  private async refresh(force: boolean): Promise<void> {
    if (this.disposed) return;
    const project = this.project();
    this.recordSession(project);
    if (!project) return;
    await this.waitForFeed();
    const connection = this.deps.connection();
    let report: z.infer<typeof getAnalyticsReportOutput>, milestones: z.infer<typeof getNextMilestonesOutput>, target: z.infer<typeof getTargetRoleOutput>;
    try {
      [report, milestones, target] = await Promise.all([
        connection.callTool("get_analytics_report", { period: "monthly" }),
        connection.callTool("get_next_milestones", { numberOfMilestones: 5 }),
        connection.callTool("get_target_role"),
      ]);
    } catch (error) {
      this.deps.log.warn(`[cloud sync] could not read your progress from the local server (${errorMessage(error)}); trying again in ${TOOL_RETRY_MS / 1000} s`);
      this.schedule(force, TOOL_RETRY_MS);
      return;
    }
    if (this.disposed) return;
    const known = this.feedState.projects[project.id]?.platforms ?? [];
    const { clock, ...fields } = projectUpdate(project, report, milestones, new Date().toISOString(), this.clock.next(), known, target.target);
    const fingerprint = JSON.stringify([project.name, fields.statistics, fields.memory_summary, fields.target_role]);
    if (!force && this.sent.projects[project.id]?.fingerprint === fingerprint) return;
    // `platforms` is last-writer-wins as a whole: rewrite it only to add this platform, never to replay a list others have since changed.
    if (known.includes("vscode")) delete fields.platforms;
    this.forwarder.record({ entity: "project", id: project.id, fields, clock: clock! });
    const recent = [fields.statistics!, ...(this.sent.projects[project.id]?.recent ?? [])].slice(0, RECENT_SENT);
    this.sent = { clock: clock!, projects: { ...this.sent.projects, [project.id]: { fingerprint, recent } } };
    this.memory.saveSent(this.sent);
  }

  private recordSession(project: ActiveProject | null): void {
    if (this.disposed) return;
    const workspace = vscode.workspace.workspaceFolders?.[0]?.name ?? vscode.workspace.name;
    const fields = { platform: "vscode", active_project: project?.id ?? null, context: workspace ? { workspace } : {} };
    const fingerprint = JSON.stringify(fields);
    const now = Date.now();
    if (this.session?.fingerprint === fingerprint && now - this.session.at < SESSION_RENEW_MS) return;
    this.forwarder.record({
      entity: "session",
      id: this.sessionId,
      fields: { ...fields, expires_at: new Date(now + SESSION_TTL_MS).toISOString() },
      clock: this.clock.next(),
    });
    this.session = { fingerprint, at: now };
  }

  private waitForFeed(): Promise<void> {
    if (this.feedLive || this.feed.status.kind === "unauthorized") return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, FEED_WAIT_MS);
      this.liveWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private forwarderChanged(status: SyncStatus): void {
    // A delivery got through: a feed waiting out its backoff can try now too.
    if (status.kind === "synced" || status.kind === "pending") this.feed.wake();
    this.deps.onChange();
  }

  private observe(clock: string): void {
    try {
      this.clock.observe(clock);
    } catch (error) {
      this.deps.log.warn(`[cloud sync] ignored the clock of a change (${errorMessage(error)})`);
    }
  }
}
