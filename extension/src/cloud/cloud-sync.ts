// Cloud sync as the person sees it: settings and the API key in, a status bar item and the
// "Other Platforms" view out. Starts, stops and restarts the sync run as settings change.
import * as vscode from "vscode";
import type { ServerConnection } from "../mcp/server-connection.js";
import { affectsCloudSync, readCloudSyncSettings, SECTION } from "../settings.js";
import { ActivityView } from "./activity-view.js";
import { AwarenessSync } from "./awareness-sync.js";
import { CLOUD_COMMANDS, CloudStatusItem, type CloudState } from "./cloud-status.js";
import { apiKeyProblem, checkEndpoint, keyIdOf } from "./endpoint.js";
import { errorMessage } from "#contracts/plain.js";

export const API_KEY_SECRET = "interviewCoach.cloudSync.apiKey";
const SECRET = API_KEY_SECRET;
/** Repaints coalesce: a replay brings changes by the hundred. */
const REPAINT_MS = 50;

/** Writes where the current value comes from, so a workspace value does not silently win over the write. */
async function updateSetting(key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const target = config.inspect(key)?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update(key, value, target);
}

export class CloudSync implements vscode.Disposable {
  readonly status = new CloudStatusItem();
  readonly activity: ActivityView;
  private run: AwarenessSync | null = null;
  private keyId: string | null = null;
  private state: CloudState = { kind: "off" };
  private applying: Promise<void> = Promise.resolve();
  private lastWarned = "";
  private repaint: NodeJS.Timeout | null = null;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly connection: () => ServerConnection,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.activity = new ActivityView({ items: () => this.run?.activity() ?? [], projectName: () => this.run?.project()?.name ?? null });
    this.subscriptions = [
      this.status,
      this.activity,
      vscode.commands.registerCommand(CLOUD_COMMANDS.setKey, (key?: unknown) => this.setKey(typeof key === "string" ? key : undefined)),
      vscode.commands.registerCommand(CLOUD_COMMANDS.clearKey, (options?: { confirmed?: boolean }) => this.clearKey(options?.confirmed === true)),
      vscode.commands.registerCommand(CLOUD_COMMANDS.turnOn, (options?: { endpoint?: string }) => this.turnOn(options?.endpoint)),
      vscode.commands.registerCommand(CLOUD_COMMANDS.turnOff, () => this.turnOff()),
      vscode.commands.registerCommand(CLOUD_COMMANDS.retry, () => this.run?.retryNow()),
      vscode.workspace.onDidChangeConfiguration((event) => affectsCloudSync(event) && this.restart()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.run?.workspaceChanged()),
      // Another window stored or cleared the key.
      context.secrets.onDidChange((event) => event.key === SECRET && void this.keyChanged()),
    ];
  }

  /** Reads the settings and starts if cloud sync is on; called once activation has returned. */
  start(): void {
    this.restart();
  }

  current(): CloudState {
    return this.state;
  }

  /** The person's data changed: the project's numbers go out (debounced). */
  dataChanged(): void {
    this.run?.dataChanged();
  }

  /** Resolves once settings changes are applied and a waiting refresh and the current delivery attempt are done. */
  async settled(): Promise<void> {
    await this.applying;
    await this.run?.flush();
  }

  dispose(): void {
    if (this.repaint) clearTimeout(this.repaint);
    this.run?.endSession();
    this.run?.dispose();
    this.run = null;
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private restart(): void {
    this.applying = this.applying.then(() => this.apply()).catch((error: unknown) => this.fail(error));
  }

  private async apply(): Promise<void> {
    this.run?.dispose();
    this.run = null;
    const settings = readCloudSyncSettings();
    if (!settings.enabled) return this.render({ kind: "off" });
    const endpoint = checkEndpoint(settings.endpoint);
    if (!endpoint.ok) {
      this.render({ kind: "misconfigured", problem: endpoint.problem });
      return this.warnOnce(`Interview Coach: cloud sync is on, but it cannot start. ${endpoint.problem}`, "Open Settings");
    }
    const key = await this.context.secrets.get(SECRET);
    this.keyId = key ? keyIdOf(key) : null;
    this.log.info(`[cloud sync] starting: ${endpoint.url}${settings.project ? `, project "${settings.project}"` : ""}`);
    this.run = new AwarenessSync(
      { endpoint: endpoint.url, project: settings.project },
      {
        context: this.context,
        connection: this.connection,
        log: this.log,
        credential: () => Promise.resolve(this.context.secrets.get(SECRET)),
        keyId: () => this.keyId,
        onChange: () => this.renderSoon(),
        onRejected: (what, detail) => {
          this.log.error(`[cloud sync] the cloud refused ${what} for good: ${detail}`);
          void this.offerLog(`Interview Coach: the cloud refused an update (${what}): ${detail}`);
        },
      },
    );
    this.run.start();
    this.render(this.stateOfRun());
    if (!key)
      this.warnOnce(`Interview Coach: cloud sync to ${endpoint.url} needs an API key. Changes wait on this computer until you set one.`, "Set Cloud API Key");
  }

  private stateOfRun(): CloudState {
    const run = this.run;
    if (!run) return this.state;
    const endpoint = run.endpoint;
    if (!this.keyId) return { kind: "no-key", endpoint };
    return { kind: "running", endpoint, project: run.project()?.name ?? null, sync: run.status, feed: run.feedStatus };
  }

  private renderSoon(): void {
    this.repaint ??= setTimeout(() => {
      this.repaint = null;
      this.render(this.stateOfRun());
    }, REPAINT_MS);
  }

  private render(state: CloudState): void {
    const before = this.state;
    this.state = state;
    this.status.show(state);
    this.activity.refresh();
    const refusal = (s: CloudState) => (s.kind === "running" && s.sync.kind === "unauthorized" ? s.sync.reason : null);
    const reason = refusal(state);
    if (reason !== null && refusal(before) === null) {
      this.log.warn(`[cloud sync] the cloud refused the API key: ${reason}`);
      void vscode.window
        .showWarningMessage(
          `Interview Coach: the cloud refused the API key (${reason}). Changes wait on this computer until you set a new one.`,
          "Set Cloud API Key",
          "Show Log",
        )
        .then((choice) => this.act(choice));
    }
  }

  private async setKey(given?: string, turningOn = false): Promise<boolean> {
    const typed =
      given ??
      (await vscode.window.showInputBox({
        title: "Interview Coach: Set Cloud API Key",
        prompt: `The API key for ${readCloudSyncSettings().endpoint || "your cloud"}; it is kept in VS Code's secret storage.`,
        placeHolder: "ick_…",
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) => apiKeyProblem(value),
      }));
    if (typed === undefined) return false;
    const problem = apiKeyProblem(typed);
    if (problem) {
      void vscode.window.showErrorMessage(`Interview Coach: the API key was not saved. ${problem}`);
      return false;
    }
    await this.context.secrets.store(SECRET, typed.trim());
    await this.keyChanged();
    if (!turningOn && !readCloudSyncSettings().enabled) {
      void vscode.window
        .showInformationMessage("Interview Coach: the cloud API key is saved. Turn on cloud sync to share your progress.", "Turn On Cloud Sync")
        .then((choice) => this.act(choice));
    }
    return true;
  }

  private async clearKey(confirmed: boolean): Promise<boolean> {
    const ok =
      confirmed ||
      (await vscode.window.showWarningMessage(
        "Clear the cloud API key?",
        { modal: true, detail: "Cloud sync stops until you set a new key. Changes made meanwhile wait on this computer." },
        "Clear Key",
      )) === "Clear Key";
    if (!ok) return false;
    await this.context.secrets.delete(SECRET);
    await this.keyChanged();
    return true;
  }

  private async turnOn(given?: string): Promise<boolean> {
    let endpoint = checkEndpoint(readCloudSyncSettings().endpoint);
    if (!endpoint.ok) {
      const typed =
        given ??
        (await vscode.window.showInputBox({
          title: "Interview Coach: Turn On Cloud Sync",
          prompt: "The address of your Interview Coach cloud API. Claude and ChatGPT see your active project and progress through it.",
          placeHolder: "https://coach.example.com",
          value: readCloudSyncSettings().endpoint,
          ignoreFocusOut: true,
          validateInput: (value) => {
            const check = checkEndpoint(value);
            return check.ok ? null : check.problem;
          },
        }));
      if (typed === undefined) return false;
      endpoint = checkEndpoint(typed);
      if (!endpoint.ok) {
        void vscode.window.showErrorMessage(`Interview Coach: ${endpoint.problem}`);
        return false;
      }
      await updateSetting("cloudSync.endpoint", endpoint.url);
    }
    if (!(await this.context.secrets.get(SECRET)) && !(await this.setKey(undefined, true))) return false;
    await updateSetting("cloudSync.enabled", true);
    return true;
  }

  private async turnOff(): Promise<boolean> {
    await updateSetting("cloudSync.enabled", false);
    return true;
  }

  private async keyChanged(): Promise<void> {
    const key = await this.context.secrets.get(SECRET);
    this.keyId = key ? keyIdOf(key) : null;
    this.run?.keyChanged();
    this.render(this.stateOfRun());
  }

  private warnOnce(text: string, action: "Open Settings" | "Set Cloud API Key"): void {
    if (text === this.lastWarned) return;
    this.lastWarned = text;
    void vscode.window.showWarningMessage(text, action, "Show Log").then((choice) => this.act(choice));
  }

  private async offerLog(text: string): Promise<void> {
    this.act(await vscode.window.showErrorMessage(text, "Show Log"));
  }

  private act(choice: string | undefined): void {
    if (choice === "Show Log") this.log.show();
    else if (choice === "Set Cloud API Key") void vscode.commands.executeCommand(CLOUD_COMMANDS.setKey);
    else if (choice === "Turn On Cloud Sync") void vscode.commands.executeCommand(CLOUD_COMMANDS.turnOn);
    else if (choice === "Open Settings") void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.cloudSync`);
  }

  private fail(error: unknown): void {
    const detail = errorMessage(error);
    this.log.error(`[cloud sync] could not start: ${detail}`);
    this.render({ kind: "misconfigured", problem: `Cloud sync could not start: ${detail}` });
    void this.offerLog(`Interview Coach: cloud sync could not start. ${detail}`);
  }
}
