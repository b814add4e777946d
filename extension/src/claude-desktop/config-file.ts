import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { withCoachServer, type DesktopServer } from "./desktop-config.js";

/** What running the command would do to one configuration file, worked out before anything is written. */
export type ConfigPlan =
  { kind: "unchanged"; file: string } | { kind: "write"; file: string; existed: boolean; text: string } | { kind: "refused"; file: string; error: string };

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function planConfigEdit(file: string, server: DesktopServer): ConfigPlan {
  const old = readIfThere(file);
  const edit = withCoachServer(old, server, file);
  if (!edit.ok) return { kind: "refused", file, error: edit.error };
  return edit.changed ? { kind: "write", file, existed: old !== undefined, text: edit.text } : { kind: "unchanged", file };
}

/** Keeps the previous file as FILE.bak, then replaces it whole, so Claude Desktop never reads half a file. */
export function writeConfigEdit(plan: Extract<ConfigPlan, { kind: "write" }>): { backup: string | undefined } {
  mkdirSync(path.dirname(plan.file), { recursive: true });
  const backup = plan.existed ? `${plan.file}.bak` : undefined;
  if (backup) copyFileSync(plan.file, backup);
  const partial = `${plan.file}.${process.pid}.tmp`;
  writeFileSync(partial, plan.text);
  renameSync(partial, plan.file);
  return { backup };
}
