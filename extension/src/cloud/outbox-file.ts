import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import * as path from "node:path";
import { EMPTY_OUTBOX, parseOutbox, type OutboxState } from "./outbox.js";

/**
 * The outbox on disk: each save writes a temp file, fsyncs it and renames it over the old one,
 * so a crash leaves either the previous queue or the new one, never half of either.
 */
export class OutboxFile {
  constructor(readonly file: string) {}

  load(): OutboxState {
    if (!existsSync(this.file)) return EMPTY_OUTBOX;
    return parseOutbox(readFileSync(this.file, "utf8"));
  }

  save(state: OutboxState): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, JSON.stringify(state));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
    // The rename itself is durable only once the folder's entry is on disk.
    if (process.platform !== "win32") {
      const dir = openSync(path.dirname(this.file), "r");
      try {
        fsyncSync(dir);
      } finally {
        closeSync(dir);
      }
    }
  }
}
