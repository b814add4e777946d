import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { AwarenessStore } from "../../awareness/awareness-store.js";
import { RedisAwarenessStore } from "../../awareness/redis/redis-awareness-store.js";
import { SqliteAwarenessStore } from "../../awareness/sqlite/sqlite-awareness-store.js";
import type { Logger } from "../../log.js";
import { StoreBusyError } from "../../store/lock.js";

/** Expired sessions, tombstones past the horizon, idempotency records and old audit entries go this often. */
const PURGE_INTERVAL_MS = 5 * 60_000;

/** Unique per process, so two instances never make the same clock: host, pid and a random part. */
export function instanceNode(): string {
  const suffix = `-${process.pid}-${randomBytes(4).toString("hex")}`;
  const host = hostname().replace(/[^A-Za-z0-9_.:-]/g, "-") || "host";
  return `${host.slice(0, 64 - suffix.length)}${suffix}`;
}

export interface AwarenessBackend {
  store: AwarenessStore;
  /** "sqlite" or "redis", for the ready line. */
  kind: "sqlite" | "redis";
  /** Stops the purge timer and closes the store, once no request or socket can use it. */
  close(): Promise<void>;
}

/** Opens the store now, so a data folder another server owns fails the start with what to do instead. */
export async function claimAwarenessStore(backend: AwarenessBackend, dataDir: string): Promise<void> {
  try {
    await backend.store.ping();
  } catch (error) {
    if (error instanceof StoreBusyError && backend.kind === "sqlite") {
      throw new Error(
        `${dataDir}/awareness.sqlite is in use by another server process: give each instance its own --data-dir, or share state between instances with --redis`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** awareness.sqlite in the data dir, or Redis when instances share one; purged (tombstones compacted) on a timer either way. */
export function openAwarenessBackend(options: { dataDir: string; redisUrl: string | null; tombstoneHorizonMs: number; log: Logger }): AwarenessBackend {
  const { log } = options;
  const common = {
    node: instanceNode(),
    tombstoneHorizonMs: options.tombstoneHorizonMs,
    onListenerError: (error: unknown) => log.error("a change listener failed", { error: String(error) }),
  };
  let store: AwarenessStore;
  if (options.redisUrl) {
    const redisStore = RedisAwarenessStore.connect(options.redisUrl, common);
    redisStore.redis.on("error", (error: Error) => log.warn("awareness Redis connection error; retrying", { error: error.message }));
    store = redisStore;
  } else {
    store = SqliteAwarenessStore.open(options.dataDir, {
      ...common,
      ownedByThisProcess: true,
      onStaleLockCleared: (what) => log.warn("cleared a lock left by a crashed process", { path: what }),
    });
  }
  const purge = setInterval(() => {
    store.purgeExpired().then(
      (purged) => purged && log.info("purged expired awareness records", { purged }),
      (error: unknown) => log.warn("purging expired awareness records failed; will retry", { error: String(error) }),
    );
  }, PURGE_INTERVAL_MS);
  purge.unref();
  return {
    store,
    kind: options.redisUrl ? "redis" : "sqlite",
    async close() {
      clearInterval(purge);
      await store.close();
    },
  };
}
