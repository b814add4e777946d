import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, type Stats } from "node:fs";
import path from "node:path";
import type { Twin } from "../domain/types.js";
import { CoachError, errorMessage } from "../errors.js";
import { silentLogger, type Logger } from "../log.js";
import { watchFile, type FileWatch } from "./file-watch.js";
import { parseTwin, TwinParseError } from "./parse.js";

/** The sample twin ships beside the code (source tree) or the bundle (dist/). */
export const SAMPLE_TWIN_PATH = path.join(__dirname, "sample-twin.md");

export class TwinFileMissingError extends CoachError {
  readonly kind = "twin";

  constructor(file: string) {
    super(`The twin file ${file} does not exist. Create it, or omit --twin to start from the sample twin in the data directory.`);
    this.name = "TwinFileMissingError";
  }
}

/** What happened when the twin file was read again; `previous` is null when no version had parsed before. */
export type TwinEvent =
  { kind: "reloaded"; previous: Twin | null; twin: Twin; recovered: boolean } | { kind: "invalid"; error: TwinParseError } | { kind: "missing" };

export type TwinListener = (event: TwinEvent) => void;

interface Parsed {
  twin: Twin;
  text: string;
  mtimeMs: number;
  size: number;
}

/**
 * The person's twin file, parsed on first use and again whenever the file changes on disk,
 * so hand edits show up without a restart. While anyone watches, the file is watched too and
 * every new version is announced, whichever read found it.
 */
export class TwinSource {
  private cached: Parsed | null = null;
  /** The last text that failed to parse: told once, not again on every read. */
  private failed: { text: string; error: TwinParseError } | null = null;
  private missing = false;
  private readonly listeners = new Set<TwinListener>();
  private watcher: FileWatch | null = null;

  constructor(
    readonly file: string,
    /** Create the file from the sample twin when it does not exist yet. */
    private readonly seedFromSample: boolean,
    private readonly log: Logger = silentLogger,
  ) {}

  load(): Twin {
    if (!existsSync(this.file)) {
      if (!this.seedFromSample) throw new TwinFileMissingError(this.file);
      seedAtomically(this.file);
    }
    const stat = statSync(this.file);
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.twin;
    return this.accept(readFileSync(this.file, "utf8"), stat);
  }

  /** Calls `listener` with every new version until the returned function is called; the file is watched meanwhile. */
  watch(listener: TwinListener): () => void {
    this.listeners.add(listener);
    if (!this.watcher) this.startWatching();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size > 0) return;
      this.watcher?.close();
      this.watcher = null;
    };
  }

  /** Reads the file whatever its timestamps say: they are too coarse to tell two quick saves apart. */
  private refresh(): void {
    try {
      const stat = statSync(this.file);
      this.accept(readFileSync(this.file, "utf8"), stat);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        if (!this.missing) this.emit({ kind: "missing" });
        this.missing = true;
      } else if (!(error instanceof TwinParseError)) {
        this.log.warn("could not read the twin file again", { file: this.file, error: errorMessage(error) });
      }
    }
  }

  private accept(text: string, stat: Stats): Twin {
    const previous = this.cached;
    // The same text saved again (or only touched) is the same twin: nothing to parse or announce.
    const twin = previous?.text === text ? previous.twin : this.parse(text);
    const recovered = this.failed !== null || this.missing;
    this.failed = null;
    this.missing = false;
    this.cached = { twin, text, mtimeMs: stat.mtimeMs, size: stat.size };
    // The first parse is no change: nobody has seen another version, unless they were told the file was broken.
    if ((previous && previous.twin !== twin) || recovered) this.emit({ kind: "reloaded", previous: previous?.twin ?? null, twin, recovered });
    return twin;
  }

  private parse(text: string): Twin {
    if (this.failed?.text === text) throw this.failed.error;
    try {
      return parseTwin(text, path.basename(this.file));
    } catch (error) {
      if (error instanceof TwinParseError) {
        this.failed = { text, error };
        this.emit({ kind: "invalid", error });
      }
      throw error;
    }
  }

  private emit(event: TwinEvent): void {
    if (event.kind === "reloaded") this.log.info("twin file reloaded", { file: this.file, stories: event.twin.stories.length });
    else if (event.kind === "invalid") this.log.error("twin file does not parse", { file: this.file, line: event.error.line, expected: event.error.expected });
    else this.log.warn("twin file is missing", { file: this.file });
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.error("a twin listener failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    }
  }

  private startWatching(): void {
    try {
      // The folder must exist to be watched; a new data folder gets its sample twin now rather than on first read.
      if (this.seedFromSample && !existsSync(this.file)) seedAtomically(this.file);
      this.watcher = watchFile(
        this.file,
        () => this.refresh(),
        (error) => {
          this.watcher = null;
          this.log.warn("stopped watching the twin file; edits show up on the next read", { file: this.file, error: error.message });
        },
      );
    } catch (error) {
      this.log.warn("cannot watch the twin file; edits show up on the next read", { file: this.file, error: errorMessage(error) });
    }
  }
}

/**
 * Publishes the sample twin whole: copied beside the file first, then linked into place, so a
 * process reading at the same moment (two servers on one data folder) never sees it half written,
 * and a file that appeared meanwhile is kept, not overwritten.
 */
function seedAtomically(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const draft = `${file}.${randomUUID()}.seed`;
  try {
    copyFileSync(SAMPLE_TWIN_PATH, draft);
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}
