import { randomUUID } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Twin } from "../domain/types.js";
import { parseTwin } from "./parse.js";

/** The sample twin ships beside the code (source tree) or the bundle (dist/). */
export const SAMPLE_TWIN_PATH = path.join(__dirname, "sample-twin.md");

export class TwinFileMissingError extends Error {
  constructor(file: string) {
    super(`The twin file ${file} does not exist. Create it, or omit --twin to start from the sample twin in the data directory.`);
    this.name = "TwinFileMissingError";
  }
}

/**
 * The person's twin file, parsed on first use and again whenever the file changes on disk,
 * so hand edits show up without a restart.
 */
export class TwinSource {
  private cached: { twin: Twin; mtimeMs: number; size: number } | null = null;

  constructor(
    readonly file: string,
    /** Create the file from the sample twin when it does not exist yet. */
    private readonly seedFromSample: boolean,
  ) {}

  load(): Twin {
    if (!existsSync(this.file)) {
      if (!this.seedFromSample) throw new TwinFileMissingError(this.file);
      seedAtomically(this.file);
    }
    const stat = statSync(this.file);
    if (this.cached && this.cached.mtimeMs === stat.mtimeMs && this.cached.size === stat.size) return this.cached.twin;
    const twin = parseTwin(readFileSync(this.file, "utf8"), path.basename(this.file));
    this.cached = { twin, mtimeMs: stat.mtimeMs, size: stat.size };
    return twin;
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
