import { watch } from "node:fs";
import path from "node:path";

/** Quiet time after the last change before the file is read: editors save in bursts (write, rename, touch). */
export const SETTLE_MS = 50;

export interface FileWatch {
  close(): void;
}

/**
 * Calls `settled` once a burst of changes to `file` has gone quiet. Watches the folder, not the
 * file, so an editor that saves by renaming a new file over the old one stays watched.
 */
export function watchFile(file: string, settled: () => void, failed: (error: Error) => void, settleMs = SETTLE_MS): FileWatch {
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  // Not persistent: watching the twin never keeps the process alive on its own.
  const watcher = watch(path.dirname(file), { persistent: false }, (_event, filename) => {
    // Some platforms do not name the file; then any change in the folder may be ours.
    if (filename && filename !== name) return;
    clearTimeout(timer);
    timer = setTimeout(settled, settleMs);
    timer.unref();
  });
  const close = () => {
    clearTimeout(timer);
    watcher.close();
  };
  watcher.on("error", (error) => {
    close();
    failed(error);
  });
  return { close };
}
