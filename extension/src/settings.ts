import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";

export const SECTION = "interviewCoach";

export interface CoachSettings {
  twinFile: string | undefined;
  dataDir: string | undefined;
  defaultControlStrategy: string;
  defaultTestStrategy: string;
  llmDrafting: boolean;
  modelJudge: boolean;
}

/** "~" and workspace-relative paths, as people type them into settings. */
function resolvePath(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  const expanded = trimmed.startsWith("~") ? path.join(os.homedir(), trimmed.slice(1)) : trimmed;
  if (path.isAbsolute(expanded)) return expanded;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return folder ? path.join(folder, expanded) : path.resolve(expanded);
}

export function readSettings(): CoachSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    twinFile: resolvePath(config.get<string>("twinFile")),
    dataDir: resolvePath(config.get<string>("dataDir")),
    defaultControlStrategy: config.get<string>("abRunner.defaultControlStrategy") ?? "star-focused",
    defaultTestStrategy: config.get<string>("abRunner.defaultTestStrategy") ?? "concise",
    llmDrafting: config.get<boolean>("llmDrafting.enabled") ?? false,
    modelJudge: config.get<boolean>("modelJudge.enabled") ?? false,
  };
}

/** Settings whose change means the server must be started again with new arguments. */
export function affectsServer(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.twinFile`) || event.affectsConfiguration(`${SECTION}.dataDir`);
}

export interface CloudSyncSettings {
  enabled: boolean;
  /** As typed; checked with checkEndpoint before use. */
  endpoint: string;
  /** Empty: the workspace folder's name. */
  project: string | undefined;
}

export function readCloudSyncSettings(): CloudSyncSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    enabled: config.get<boolean>("cloudSync.enabled") ?? false,
    endpoint: config.get<string>("cloudSync.endpoint")?.trim() ?? "",
    project: config.get<string>("cloudSync.project")?.trim() || undefined,
  };
}

/** Settings whose change means cloud sync starts again with the new values. */
export function affectsCloudSync(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.cloudSync`);
}
