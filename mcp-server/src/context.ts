import { QUESTION_BANK } from "./domain/questions/index.js";
import { BUILT_IN_VARIANTS, type Variant } from "./domain/strategies.js";
import type { UtcOffset } from "./domain/performance.js";
import type { Question, Twin } from "./domain/types.js";
import type { Logger } from "./log.js";
import { CoachDatabase, type DatabaseEvents } from "./store/database.js";
import { CoachStore } from "./store/coach-store.js";
import { TwinSource, type TwinListener } from "./twin/twin-source.js";

/** What every tool handler needs: the twin, the store, the clock and the fixed catalogues. */
export interface CoachContext {
  twin(): Twin;
  twinFile: string;
  /** Hears every new version of the twin file (and its errors) until the returned function is called. */
  watchTwin(listener: TwinListener): () => void;
  store: CoachStore;
  now(): number;
  /** The local offset in force at each instant, for calendar days (streaks). */
  utcOffsetMinutes(): UtcOffset;
  questions: readonly Question[];
  variants: readonly Variant[];
  log: Logger;
}

export interface ContextOptions {
  dataDir: string;
  twinFile?: string;
  log: Logger;
  now?: () => number;
  /** Opens the store's database; the HTTP server's kind counts operations in flight, to close idle users' stores safely. */
  openDatabase?: (dataDir: string, events: DatabaseEvents) => CoachDatabase;
}

export function createContext(options: ContextOptions): CoachContext {
  const twinFile = options.twinFile ?? `${options.dataDir}/twin.md`;
  const twin = new TwinSource(twinFile, options.twinFile === undefined, options.log);
  const events: DatabaseEvents = {
    onStaleLockCleared: (what) => options.log.warn("cleared a lock left by a crashed process", { path: what }),
  };
  const database = options.openDatabase?.(options.dataDir, events) ?? new CoachDatabase(options.dataDir, events);
  // Offsets change only on quarter-hour boundaries, so one look-up per quarter hour serves every record in it.
  const offsets = new Map<number, number>();
  const localOffset = (timestamp: number) => {
    const quarter = Math.floor(timestamp / 900_000);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      offset = -new Date(quarter * 900_000).getTimezoneOffset();
      if (offsets.size > 200_000) offsets.clear();
      offsets.set(quarter, offset);
    }
    return offset;
  };
  const utcOffsetMinutes = (): UtcOffset => localOffset;
  return {
    twin: () => twin.load(),
    twinFile,
    watchTwin: (listener) => twin.watch(listener),
    store: new CoachStore(database, utcOffsetMinutes),
    now: options.now ?? (() => Date.now()),
    utcOffsetMinutes,
    questions: QUESTION_BANK,
    variants: BUILT_IN_VARIANTS,
    log: options.log,
  };
}
