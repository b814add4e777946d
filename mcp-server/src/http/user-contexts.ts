import path from "node:path";
import { createContext, type CoachContext } from "../context.js";
import type { Logger } from "../log.js";
import { isUserId, USER_ID_RULE } from "./auth/scopes.js";

/** Each user's own twin and practice store, in DIR/users/<user id>, opened on first use and kept open. */
export class UserContexts {
  private readonly contexts = new Map<string, CoachContext>();

  constructor(
    private readonly dataDir: string,
    private readonly logFor: (userId: string) => Logger,
  ) {}

  forUser(userId: string): CoachContext {
    // Checked again here, not only at key creation: the id becomes a folder name.
    if (!isUserId(userId)) throw new Error(`user id "${userId}" ${USER_ID_RULE}`);
    let context = this.contexts.get(userId);
    if (!context) {
      context = createContext({ dataDir: path.join(this.dataDir, "users", userId), log: this.logFor(userId) });
      this.contexts.set(userId, context);
    }
    return context;
  }

  get size(): number {
    return this.contexts.size;
  }

  /** After the server has stopped serving: no request can be using a store any more. */
  closeAll(): void {
    for (const context of this.contexts.values()) context.store.database.close();
    this.contexts.clear();
  }
}
