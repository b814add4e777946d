// "Connect ChatGPT or Claude…", "Connected Apps" and "Upload Twin to Cloud": the person's own API key asks
// the cloud API for a one-time sign-in code and the MCP URL to paste, lists the apps connected with OAuth,
// disconnects one, and sends the twin file the connected apps coach from.
import { promises as fs } from "node:fs";
import * as vscode from "vscode";
import type { z } from "zod";
import type { ConnectedAppSummary, signInCodeOutput } from "#contracts/connected-apps.js";
import { readCloudSyncSettings } from "../settings.js";
import { detailOf } from "./cloud-client.js";
import { CLOUD_COMMANDS } from "./cloud-status.js";
import { checkEndpoint } from "./endpoint.js";

export type SignInCode = z.infer<typeof signInCodeOutput>;

export const CONNECT_COMMANDS = {
  connect: "interviewCoach.connectChatApps",
  apps: "interviewCoach.connectedApps",
  uploadTwin: "interviewCoach.uploadTwin",
} as const;

/** What the server says after taking an uploaded twin file. */
export interface TwinUploaded {
  name: string;
  storyCount: number;
  previousStoryCount: number | null;
}

const REQUEST_TIMEOUT_MS = 15_000;

/** Why a request to the cloud API did not give what was asked, in words with the next step. */
class CloudRefused extends Error {
  constructor(
    message: string,
    readonly action?: "Set Cloud API Key" | "Turn On Cloud Sync",
  ) {
    super(message);
  }
}

export class ConnectedApps implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly apiKey: () => Thenable<string | undefined>,
    private readonly log: vscode.LogOutputChannel,
    /** The twin file this VS Code coaches from, which Upload Twin sends. */
    private readonly twinFile: () => string,
  ) {
    this.subscriptions = [
      vscode.commands.registerCommand(CONNECT_COMMANDS.connect, () => this.connect()),
      vscode.commands.registerCommand(CONNECT_COMMANDS.apps, (options?: { disconnect?: string; confirmed?: boolean }) =>
        options?.disconnect ? this.disconnect(options.disconnect, options.confirmed === true) : this.showApps(),
      ),
      vscode.commands.registerCommand(CONNECT_COMMANDS.uploadTwin, (options?: { confirmed?: boolean }) => this.uploadTwin(options?.confirmed === true)),
    ];
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  /** Gets a code and shows it with the MCP URL; resolves with them and any warning shown (the pick stays open for copying). */
  async connect(): Promise<(SignInCode & { warning: string | null }) | null> {
    const issued = await this.call<SignInCode>("POST", "/v1/auth/sign-in-codes", "Getting a sign-in code…");
    if (!issued) return null;
    const until = new Date(issued.expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { copy: string; what: string }>();
    pick.title = "Connect ChatGPT or Claude to your Interview Coach";
    pick.placeholder = "Enter copies the selected line";
    pick.ignoreFocusOut = true;
    pick.items = [
      {
        label: "$(link) MCP server URL",
        description: issued.mcpUrl,
        detail: "Paste it as the connector's URL: ChatGPT → Settings → Apps & Connectors → Create; Claude → Settings → Connectors → Add custom connector.",
        copy: issued.mcpUrl,
        what: "MCP server URL",
      },
      {
        label: "$(key) Sign-in code",
        description: issued.code,
        detail: `Type it on the sign-in page the app opens. It works once, until ${until}, and allows at most: ${issued.scopes.join(", ")}.`,
        copy: issued.code,
        what: "sign-in code",
      },
    ];
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      if (!chosen) return;
      void vscode.env.clipboard.writeText(chosen.copy);
      pick.title = `Copied the ${chosen.what}. Connect ChatGPT or Claude to your Interview Coach`;
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    // A code allows no more than the key that asked for it, and the coach's tools need memory:access.
    const warning = issued.scopes.includes("memory:access")
      ? null
      : "Interview Coach: the cloud API key lacks the memory:access scope, so an app connected with this code can reach your projects but not the coach's tools. Create a key with memory:access and set it with Interview Coach: Set Cloud API Key.";
    if (warning) void vscode.window.showWarningMessage(warning);
    return { ...issued, warning };
  }

  /** Lists the connected apps; choosing one offers to disconnect it. Resolves with the list shown. */
  async showApps(): Promise<ConnectedAppSummary[] | null> {
    const listed = await this.call<{ apps: ConnectedAppSummary[] }>("GET", "/v1/auth/apps", "Reading your connected apps…");
    if (!listed) return null;
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { app?: ConnectedAppSummary }>();
    pick.title = "Apps connected to your Interview Coach";
    pick.placeholder = listed.apps.length ? "Choose an app to disconnect it" : "No apps are connected";
    pick.items = listed.apps.length
      ? listed.apps.map((app) => ({
          label: app.name,
          description: app.scopes.join(", "),
          detail:
            app.kind === "service"
              ? "Service client (created by the server's operator)"
              : `Connected ${app.connectedAt ? new Date(app.connectedAt).toLocaleString() : ""}`,
          app,
        }))
      : [{ label: "$(plug) Connect ChatGPT or Claude…", detail: "Get a sign-in code and the MCP URL to paste" }];
    pick.onDidAccept(() => {
      const app = pick.selectedItems[0]?.app;
      pick.hide();
      if (app) void this.disconnect(app.id, false, app.name);
      else void vscode.commands.executeCommand(CONNECT_COMMANDS.connect);
    });
    pick.onDidHide(() => pick.dispose());
    pick.show();
    return listed.apps;
  }

  async disconnect(id: string, confirmed: boolean, name = id): Promise<boolean> {
    const ok =
      confirmed ||
      (await vscode.window.showWarningMessage(
        `Disconnect ${name}?`,
        { modal: true, detail: "It loses access to your coach at once. To use it again, you connect it again." },
        "Disconnect",
      )) === "Disconnect";
    if (!ok) return false;
    const done = await this.call<null>("DELETE", `/v1/auth/apps/${encodeURIComponent(id)}`, `Disconnecting ${name}…`);
    if (done === undefined) return false;
    void vscode.window.showInformationMessage(`Interview Coach: ${name} is disconnected.`);
    return true;
  }

  /**
   * Sends this twin file to the cloud server, after a confirmation: the apps connected there (ChatGPT,
   * Claude) coach from the server's copy, which starts as the sample twin. Resolves with the server's answer.
   */
  async uploadTwin(confirmed: boolean): Promise<TwinUploaded | null> {
    const file = this.twinFile();
    let markdown: string;
    try {
      markdown = await fs.readFile(file, "utf8");
    } catch (error) {
      void vscode.window.showErrorMessage(`Interview Coach: could not read the twin file ${file}: ${(error as Error).message}`);
      return null;
    }
    const ok =
      confirmed ||
      (await vscode.window.showWarningMessage(
        "Replace your twin on the cloud server with this one?",
        {
          modal: true,
          detail: `${file} replaces the profile and stories that ChatGPT, Claude and your other connected apps coach from. Practice data on the server is kept.`,
        },
        "Replace",
      )) === "Replace";
    if (!ok) return null;
    const uploaded = await this.call<TwinUploaded>("PUT", "/api/v1/twin", "Uploading your twin…", { markdown });
    if (!uploaded) return null;
    const before = uploaded.previousStoryCount === null ? "" : ` (it had ${uploaded.previousStoryCount})`;
    void vscode.window.showInformationMessage(`Interview Coach: the cloud server now coaches ${uploaded.name} from ${uploaded.storyCount} stories${before}.`);
    return uploaded;
  }

  /** One request with the person's key, with progress; failures are shown with their next step and give undefined. */
  private async call<T>(method: string, route: string, progress: string, body?: unknown): Promise<T | undefined> {
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Interview Coach: ${progress}` }, () =>
        this.request<T>(method, route, body),
      );
    } catch (error) {
      const refused = error instanceof CloudRefused ? error : new CloudRefused(`Interview Coach: ${(error as Error).message}`);
      this.log.warn(`[connected apps] ${method} ${route}: ${refused.message}`);
      const actions = refused.action ? [refused.action] : [];
      const choice = await vscode.window.showErrorMessage(refused.message, ...actions);
      if (choice === "Set Cloud API Key") void vscode.commands.executeCommand(CLOUD_COMMANDS.setKey);
      else if (choice === "Turn On Cloud Sync") void vscode.commands.executeCommand(CLOUD_COMMANDS.turnOn);
      return undefined;
    }
  }

  private async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const endpoint = checkEndpoint(readCloudSyncSettings().endpoint);
    if (!endpoint.ok)
      throw new CloudRefused(`Interview Coach: apps connect to your coach's cloud API, and none is set up. ${endpoint.problem}`, "Turn On Cloud Sync");
    const key = await this.apiKey();
    if (!key) throw new CloudRefused("Interview Coach: set your cloud API key first: it proves the apps you connect act for you.", "Set Cloud API Key");
    let response: Response;
    try {
      response = await fetch(`${endpoint.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new CloudRefused(`Interview Coach: could not reach ${endpoint.url}: ${(error as Error).message}`);
    }
    if (response.status === 401)
      throw new CloudRefused(`Interview Coach: ${endpoint.url} refused the API key: ${await detailOf(response)}`, "Set Cloud API Key");
    if (response.status === 404 && route.endsWith("sign-in-codes"))
      throw new CloudRefused(`Interview Coach: ${endpoint.url} does not offer OAuth sign-in; update the server.`);
    if (!response.ok) throw new CloudRefused(`Interview Coach: ${endpoint.url} answered ${response.status}: ${await detailOf(response)}`);
    return (response.status === 204 ? null : await response.json()) as T;
  }
}
