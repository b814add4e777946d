import { statSync } from "node:fs";

/** Changes whenever the file is written, by this process or another: its inode, size and times. "" when it does not exist. */
export function fileStamp(file: string): string {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : "";
}
