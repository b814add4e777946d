import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import * as vscode from "vscode";
import type { Project, Session } from "../../mcp-server/src/contracts/awareness.js";
import type { CoachApi } from "../../extension/src/extension.js";

const EXTENSION_ID = "digital-twin-coach.digital-twin-interview-coach";
const SECTION = "interviewCoach";

interface Cloud {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The bundled server, run as Node whether the host is Node (code-server) or Electron (desktop VS Code). */
function serverCommand(): { bundle: string; env: NodeJS.ProcessEnv } {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  return { bundle: path.join(extension.extensionPath, "dist", "mcp-server.js"), env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" } };
}

/** The server's `keys` subcommand, as an operator runs it; resolves with what it printed. */
function keys(dataDir: string, ...args: string[]): Promise<string> {
  const { bundle, env } = serverCommand();
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [bundle, "keys", ...args, "--data-dir", dataDir], { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`keys ${args[0]} failed: ${stderr}`)) : resolve(stdout.trim()),
    ),
  );
}

const createKey = (dataDir: string) =>
  keys(dataDir, "create", "--user", "elena", "--scope", "project:read", "--scope", "project:write", "--scope", "session:sync");

/** The real HTTP server in its own process; the bound URL comes from its JSON "ready" log line. */
function startCloud(dataDir: string, port = 0): Promise<Cloud> {
  const { bundle, env } = serverCommand();
  const child = spawn(process.execPath, [bundle, "--http", "--port", String(port), "--data-dir", dataDir], { env, stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stderr: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the cloud did not start; stderr:\n${stderr.join("\n")}`)), 20_000);
    void exited.then(() => reject(new Error(`the cloud exited before it was ready; stderr:\n${stderr.join("\n")}`)));
    createInterface({ input: child.stderr }).on("line", (line) => {
      stderr.push(line);
      let entry: { msg?: string; url?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        return;
      }
      if (entry.msg !== "ready" || !entry.url) return;
      clearTimeout(timer);
      const url = entry.url;
      resolve({
        url,
        port: Number(new URL(url).port),
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}

/** Polls until the check gives something truthy, and returns that. */
async function until<T>(check: () => T | null | false | Promise<T | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null | false = null;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** Registered by the bundled entry once mocha's globals exist. */
export function cloudTests(): void {
  describe("Cloud sync against a real cloud server", function () {
    this.timeout(90_000);
    let api: CoachApi;
    let cloud: Cloud;
    let dataDir: string;
    let key: string;

    const call = async (route: string, init: { method?: string; body?: unknown } = {}) => {
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (init.body !== undefined) Object.assign(headers, { "content-type": "application/json", "idempotency-key": randomUUID() });
      return fetch(`${cloud.url}${route}`, { method: init.method ?? "GET", headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    };
    const project = async () => {
      const response = await call("/v1/projects/vscode:acme");
      return response.ok ? ((await response.json()) as Project) : null;
    };
    const statusText = () => api.cloud.status.text;
    // Waits for the status bar's exact text; a timeout says what it showed instead.
    const untilStatus = (wanted: string, what: string) =>
      until(() => (statusText() === wanted ? wanted : false), what).catch((error: Error) => {
        throw new Error(`${error.message.replace(/ \(last: false\)$/, "")} (now: "${statusText()}")`);
      });
    const activityLabels = () => api.cloud.activity.getChildren().map((item) => String(api.cloud.activity.getTreeItem(item).label));
    const practise = async () => {
      await api.connection.callTool("record_performance", { accuracy: 0.8, storyCoverage: 0.6, satisfaction: 4, responseTime: 90, category: "teamwork" });
      api.dataChanged("practice recorded");
      await api.cloud.settled();
    };

    before(async () => {
      api = await vscode.extensions.getExtension<CoachApi>(EXTENSION_ID)!.activate();
      await api.connection.start();
      dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), "coach-cloud-")), "server");
      key = await createKey(dataDir);
      cloud = await startCloud(dataDir);
      assert.equal(api.cloud.current().kind, "off", "cloud sync is off until the person turns it on");
      await setSetting("cloudSync.endpoint", cloud.url);
      await setSetting("cloudSync.project", "Acme");
      assert.equal(await vscode.commands.executeCommand("interviewCoach.setCloudApiKey", key), true);
      await setSetting("cloudSync.enabled", true);
      await until(() => api.cloud.current().kind === "running", "cloud sync to start");
    });

    after(async () => {
      await setSetting("cloudSync.enabled", undefined);
      await setSetting("cloudSync.endpoint", undefined);
      await setSetting("cloudSync.project", undefined);
      await vscode.commands.executeCommand("interviewCoach.clearCloudApiKey", { confirmed: true });
      await until(() => api.cloud.current().kind === "off", "cloud sync to stop");
      await cloud?.stop();
    });

    it("sends the active project's numbers and this window's session, then shows Synced", async () => {
      await practise();
      const sent = await until(async () => {
        const p = await project();
        return p && p.statistics.attempts >= 1 ? p : null;
      }, "the project in the cloud");
      assert.equal(sent.name, "Acme");
      assert.ok(sent.platforms.includes("vscode"));
      assert.ok(sent.statistics.accuracy !== null && sent.statistics.accuracy > 0);
      const response = await call(`/v1/sessions/${encodeURIComponent(vscode.env.sessionId)}`);
      assert.equal(response.status, 200, "this window's session is in the cloud");
      const session = (await response.json()) as Session;
      assert.deepEqual([session.platform, session.active_project], ["vscode", "vscode:acme"]);
      assert.equal(session.context.workspace, vscode.workspace.workspaceFolders?.[0]?.name);
      assert.ok(Date.parse(session.expires_at) > Date.now() + 23 * 3_600_000, "the session lasts a day unless renewed");
      await untilStatus("$(cloud) Synced", "the status bar to say Synced");
    });

    it("shows what Claude does on the same project under Other Platforms, and not this window", async () => {
      const put = await call("/v1/sessions/claude-interview-1", {
        method: "PUT",
        body: { platform: "claude", active_project: "vscode:acme", context: { topic: "mock interview" } },
      });
      assert.equal(put.status, 200, await put.clone().text());
      await until(() => activityLabels().includes("Claude — active on Acme"), "Claude's session in the view");
      const removed = await call("/v1/sessions/claude-interview-1", { method: "DELETE", body: {} });
      assert.ok(removed.ok, await removed.clone().text());
      await until(() => activityLabels()[0] === "Claude session ended", "the end of Claude's session at the top");
      assert.ok(!activityLabels().some((label) => label.startsWith("VS Code")), "this window's own session is not another platform");
      const item = api.cloud.activity.getChildren()[0]!;
      assert.match(String(api.cloud.activity.getTreeItem(item).description), /just now|min ago/);
    });

    it("keeps the list across a restart and replays only what it missed meanwhile", async () => {
      const before = activityLabels();
      await setSetting("cloudSync.enabled", false);
      await until(() => api.cloud.current().kind === "off", "cloud sync to stop");
      assert.deepEqual(api.cloud.activity.getChildren(), [], "the view shows its welcome while sync is off");
      const put = await call("/v1/sessions/chatgpt-1", { method: "PUT", body: { platform: "chatgpt", active_project: "vscode:acme" } });
      assert.equal(put.status, 200, await put.clone().text());
      await setSetting("cloudSync.enabled", true);
      await until(() => activityLabels()[0] === "ChatGPT — active on Acme", "the session started while sync was off");
      // Claude's "active" line came before its end: only a remembered feed still has it (a replay gives each record's latest change).
      assert.deepEqual(activityLabels().slice(1), before);
    });

    it("holds a practice while the cloud is down, and delivers it when the cloud is back", async () => {
      const before = (await project())!.statistics.attempts;
      await cloud.stop();
      await practise();
      await untilStatus("$(cloud-offline) Offline (1 pending)", "the status bar to say Offline (1 pending)");
      assert.match(String(api.cloud.status.text), /Offline/);
      cloud = await startCloud(dataDir, cloud.port);
      await until(async () => ((await project())?.statistics.attempts ?? 0) === before + 1, "the held practice in the cloud");
      await untilStatus("$(cloud) Synced", "Synced again");
    });

    it("stops on a refused key and delivers once a good key is set", async () => {
      const before = (await project())!.statistics.attempts;
      assert.equal(await vscode.commands.executeCommand("interviewCoach.setCloudApiKey", `ick_0000000000000000_${"x".repeat(43)}`), true);
      await practise();
      await untilStatus("$(warning) Cloud key refused", "the status bar to say the key was refused");
      assert.equal(await vscode.commands.executeCommand("interviewCoach.setCloudApiKey", key), true);
      await until(async () => ((await project())?.statistics.attempts ?? 0) === before + 1, "the practice after the new key");
      await untilStatus("$(cloud) Synced", "Synced with the good key");
    });

    it("Connect ChatGPT or Claude gives a sign-in code and the MCP URL; Connected Apps lists an app and disconnects it", async () => {
      const issued = await vscode.commands.executeCommand<{ code: string; mcpUrl: string; scopes: string[]; warning: string | null } | null>(
        "interviewCoach.connectChatApps",
      );
      await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
      assert.ok(issued, "a code was issued");
      assert.equal(issued.mcpUrl, `${cloud.url}/mcp`);
      assert.match(issued.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.deepEqual(issued.scopes, ["project:read", "project:write", "session:sync"], "a code reaches no further than the key that asked for it");
      assert.match(issued.warning ?? "", /lacks the memory:access scope/, "a code that cannot reach the tools says so");

      const clientId = (await keys(dataDir, "service-client", "--user", "elena", "--scope", "project:read", "--name", "Weekly digest")).split("\n")[0]!;
      const listed = await vscode.commands.executeCommand<{ id: string; name: string }[] | null>("interviewCoach.connectedApps");
      await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
      assert.deepEqual(
        listed?.map((app) => [app.id, app.name]),
        [[clientId, "Weekly digest"]],
      );
      assert.equal(await vscode.commands.executeCommand("interviewCoach.connectedApps", { disconnect: clientId, confirmed: true }), true);
      const after = await vscode.commands.executeCommand<unknown[] | null>("interviewCoach.connectedApps");
      await vscode.commands.executeCommand("workbench.action.closeQuickOpen");
      assert.deepEqual(after, []);
    });

    it("Upload Twin to Cloud sends this twin file, and the server's tools coach from it", async () => {
      const local = await api.connection.callTool("get_profile", {});
      const withTools = await keys(dataDir, "create", "--user", "elena", "--scope", "memory:access", "--scope", "project:read", "--scope", "project:write");
      assert.equal(await vscode.commands.executeCommand("interviewCoach.setCloudApiKey", withTools), true);
      try {
        const uploaded = await vscode.commands.executeCommand<{ name: string; storyCount: number } | null>("interviewCoach.uploadTwin", { confirmed: true });
        assert.deepEqual(uploaded && [uploaded.name, uploaded.storyCount], [local.profile.name, local.storyCount]);
        assert.equal(
          readFileSync(path.join(dataDir, "users", "elena", "twin.md"), "utf8"),
          readFileSync(local.twinFile, "utf8"),
          "the server holds the same file",
        );
      } finally {
        assert.equal(await vscode.commands.executeCommand("interviewCoach.setCloudApiKey", key), true);
      }
    });

    it("refuses a malformed key and explains an endpoint that is not http(s)", async () => {
      assert.equal(await vscode.commands.executeCommand("interviewCoach.setCloudApiKey", "not-a-key"), false);
      await setSetting("cloudSync.endpoint", "ftp://coach.example.com");
      const state = await until(() => {
        const current = api.cloud.current();
        return current.kind === "misconfigured" ? current : null;
      }, "the bad endpoint to be reported");
      assert.match(state.problem, /must start with https:\/\//);
      assert.equal(statusText(), "$(warning) Cloud sync");
      await setSetting("cloudSync.endpoint", cloud.url);
      await until(() => api.cloud.current().kind === "running", "sync to run again with a good endpoint");
    });
  });
}
