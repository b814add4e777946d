import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  LoggingMessageNotificationSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type LoggingMessageNotification,
} from "@modelcontextprotocol/sdk/types.js";

export type Heard =
  | { method: "notifications/resources/updated"; uri: string }
  | { method: "notifications/resources/list_changed" }
  | { method: "notifications/message"; level: LoggingMessageNotification["params"]["level"]; logger?: string; data: unknown };

interface Waiter {
  from: number;
  match: (heard: Heard) => boolean;
  resolve: (heard: Heard) => void;
}

/** What the server told the client about its resources and in its log, in the order it arrived. */
export class NotificationLog {
  readonly heard: Heard[] = [];
  private waiters: Waiter[] = [];

  constructor(client: Client) {
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => this.add({ method: n.method, uri: n.params.uri }));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, (n) => this.add({ method: n.method }));
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) =>
      this.add({ method: n.method, level: n.params.level, logger: n.params.logger, data: n.params.data }),
    );
  }

  /** A point in the log: `since` and `waitFor` count from it. */
  mark(): number {
    return this.heard.length;
  }

  since(mark: number, method?: Heard["method"] | "resources"): Heard[] {
    return this.heard
      .slice(mark)
      .filter((h) => method === undefined || h.method === method || (method === "resources" && h.method !== "notifications/message"));
  }

  /** The first notification from `mark` on that matches, heard already or when it comes; rejects after `ms`. */
  waitFor(mark: number, match: (heard: Heard) => boolean, what: string, ms = 5_000): Promise<Heard> {
    const found = this.heard.slice(mark).find(match);
    if (found) return Promise.resolve(found);
    return new Promise<Heard>((resolve, reject) => {
      const waiter: Waiter = { from: mark, match, resolve: (heard) => (clearTimeout(timer), resolve(heard)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${what} within ${ms} ms; heard since: ${JSON.stringify(this.since(mark))}`));
      }, ms);
      this.waiters.push(waiter);
    });
  }

  private add(heard: Heard): void {
    this.heard.push(heard);
    const index = this.heard.length - 1;
    const ready = this.waiters.filter((w) => index >= w.from && w.match(heard));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(heard);
  }
}

export const updated = (uri: string) => (h: Heard) => h.method === "notifications/resources/updated" && h.uri === uri;
export const listChanged = (h: Heard) => h.method === "notifications/resources/list_changed";
export const logged = (level: string) => (h: Heard) => h.method === "notifications/message" && h.level === level;
