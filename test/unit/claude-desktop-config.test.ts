import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { planConfigEdit, writeConfigEdit, type ConfigPlan } from "../../extension/src/claude-desktop/config-file";
import { desktopConfigPath, desktopServer, SERVER_KEY, withCoachServer, type DesktopServer } from "../../extension/src/claude-desktop/desktop-config";

const COACH: DesktopServer = {
  command: "/Applications/Visual Studio Code.app/Contents/Frameworks/Code Helper (Plugin).app/Contents/MacOS/Code Helper (Plugin)",
  args: ["/Users/elena/.vscode/extensions/digital-twin-coach.digital-twin-interview-coach-0.1.0/dist/mcp-server.js", "--data-dir", "/Users/elena/coach"],
  env: { ELECTRON_RUN_AS_NODE: "1" },
};

const EXISTING = `{
    "globalShortcut": "Alt+Space",
    "mcpServers": {
        "filesystem": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/elena/Desktop"] },
        "weather": { "command": "uvx", "args": ["weather-mcp"], "env": { "UNITS": "metric" } }
    }
}
`;

function written(plan: ConfigPlan): Extract<ConfigPlan, { kind: "write" }> {
  assert.equal(plan.kind, "write", JSON.stringify(plan));
  return plan as Extract<ConfigPlan, { kind: "write" }>;
}

describe("Claude Desktop's configuration file", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-claude-config-"));
    file = path.join(dir, "Claude", "claude_desktop_config.json");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is found where Claude Desktop keeps it on each platform", () => {
    assert.equal(desktopConfigPath("darwin", "/Users/elena", {}), "/Users/elena/Library/Application Support/Claude/claude_desktop_config.json");
    assert.equal(desktopConfigPath("win32", "C:\\Users\\elena", { APPDATA: "D:\\Roaming" }), "D:\\Roaming\\Claude\\claude_desktop_config.json");
    assert.equal(desktopConfigPath("win32", "C:\\Users\\elena", {}), "C:\\Users\\elena\\AppData\\Roaming\\Claude\\claude_desktop_config.json");
    assert.equal(desktopConfigPath("linux", "/home/elena", {}), "/home/elena/.config/Claude/claude_desktop_config.json");
    assert.equal(desktopConfigPath("linux", "/home/elena", { XDG_CONFIG_HOME: "/home/elena/.cfg" }), "/home/elena/.cfg/Claude/claude_desktop_config.json");
  });

  it("describes the extension's own server with its data folder and twin, as Node even inside Electron", () => {
    const launch = { runtime: "/opt/code/code", serverPath: "/ext/dist/mcp-server.js", dataDir: "/data", twinFile: undefined };
    assert.deepEqual(desktopServer(launch, true), {
      command: "/opt/code/code",
      args: ["/ext/dist/mcp-server.js", "--data-dir", "/data"],
      env: { ELECTRON_RUN_AS_NODE: "1" },
    });
    assert.deepEqual(desktopServer({ ...launch, runtime: "/usr/bin/node", twinFile: "/me/twin.md" }, false), {
      command: "/usr/bin/node",
      args: ["/ext/dist/mcp-server.js", "--data-dir", "/data", "--twin", "/me/twin.md"],
    });
  });

  it("is created with only the coach when there is none, and no backup", () => {
    const plan = written(planConfigEdit(file, COACH));
    assert.deepEqual(writeConfigEdit(plan), { backup: undefined });
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { mcpServers: { [SERVER_KEY]: COACH } });
    assert.equal(planConfigEdit(file, COACH).kind, "unchanged");
  });

  it("keeps every other server and setting, backs the old file up, and a second run changes nothing", () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, EXISTING);
    const plan = written(planConfigEdit(file, COACH));
    const { backup } = writeConfigEdit(plan);
    assert.equal(backup, `${file}.bak`);
    assert.equal(readFileSync(backup, "utf8"), EXISTING, "the backup is the file as it was");
    const before = JSON.parse(EXISTING) as { globalShortcut: string; mcpServers: Record<string, unknown> };
    const after = JSON.parse(readFileSync(file, "utf8")) as typeof before;
    assert.equal(after.globalShortcut, before.globalShortcut);
    assert.deepEqual(after.mcpServers, { ...before.mcpServers, [SERVER_KEY]: COACH });
    assert.match(readFileSync(file, "utf8"), /^ {4}"globalShortcut"/m, "the file keeps its four-space indentation");

    const once = readFileSync(file);
    assert.deepEqual(planConfigEdit(file, COACH), { kind: "unchanged", file });
    assert.ok(readFileSync(file).equals(once));
  });

  it("points an existing entry at the server's new place, say after an update of the extension", () => {
    writeConfigEdit(written(planConfigEdit(file, COACH)));
    const moved = { ...COACH, args: [COACH.args[0]!.replace("0.1.0", "0.2.0"), ...COACH.args.slice(1)] };
    writeConfigEdit(written(planConfigEdit(file, moved)));
    assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { mcpServers: { [SERVER_KEY]: moved } });
  });

  it("refuses a malformed file, naming the file and the JSON error, and leaves it byte for byte", () => {
    const broken = '{\n  "mcpServers": {\n    "weather": { "command": "uvx", },\n  }\n}\n';
    writeFileSync(path.join(dir, "broken.json"), broken);
    const target = path.join(dir, "broken.json");
    const plan = planConfigEdit(target, COACH);
    assert.equal(plan.kind, "refused");
    const { error } = plan as Extract<ConfigPlan, { kind: "refused" }>;
    assert.ok(error.startsWith(`${target} is not valid JSON`), error);
    assert.match(error, /line 3/, "the message says where");
    assert.match(error, /double-quoted property name|Unexpected token/, "the message carries JSON's own complaint");
    assert.equal(readFileSync(target, "utf8"), broken);
    assert.ok(!existsSync(`${target}.bak`));
  });

  it("refuses a file that is not an object of servers, naming the field", () => {
    const array = withCoachServer("[]", COACH, "/c.json");
    assert.deepEqual(array, { ok: false, error: '/c.json must hold a JSON object ({ "mcpServers": { … } }); it holds an array.' });
    const servers = withCoachServer('{"mcpServers": ["weather"]}', COACH, "/c.json");
    assert.ok(!servers.ok && servers.error.startsWith('/c.json: "mcpServers" must be an object'), JSON.stringify(servers));
  });

  it("treats an empty file as an empty configuration", () => {
    const edit = withCoachServer("  \n", COACH, "/c.json");
    assert.ok(edit.ok && edit.changed);
    assert.deepEqual(JSON.parse(edit.text), { mcpServers: { [SERVER_KEY]: COACH } });
  });
});
