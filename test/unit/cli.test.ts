import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import { defaultDataDir, parseCli, vscodeDataDir, type CliOptions } from "../../mcp-server/src/cli.js";

const EXTENSION_FOLDER = path.join("Code", "User", "globalStorage", "digital-twin-coach.digital-twin-interview-coach");

function served(argv: string[], env: NodeJS.ProcessEnv = {}): CliOptions {
  const command = parseCli(argv, env);
  assert.equal(command.kind, "serve", JSON.stringify(command));
  return (command as { options: CliOptions }).options;
}

describe("command line", () => {
  it("finds the VS Code extension's folder where VS Code keeps it on each platform", () => {
    const home = os.homedir();
    assert.equal(vscodeDataDir({}, "linux"), path.join(home, ".config", EXTENSION_FOLDER));
    assert.equal(vscodeDataDir({ XDG_CONFIG_HOME: "/xdg" }, "linux"), path.join("/xdg", EXTENSION_FOLDER));
    assert.equal(vscodeDataDir({}, "darwin"), path.join(home, "Library", "Application Support", EXTENSION_FOLDER));
    assert.equal(vscodeDataDir({ APPDATA: "/roaming" }, "win32"), path.join("/roaming", EXTENSION_FOLDER));
    assert.equal(vscodeDataDir({ VSCODE_APPDATA: "/portable", APPDATA: "/roaming" }, "win32"), path.join("/portable", EXTENSION_FOLDER));
  });

  it("takes the data folder from --data-dir, then a non-empty COACH_DATA_DIR, then --vscode-data, then the server's own default", () => {
    assert.equal(served(["--data-dir", "/given", "--vscode-data"], { COACH_DATA_DIR: "/env" }).dataDir, path.resolve("/given"));
    assert.equal(served(["--vscode-data"], { COACH_DATA_DIR: "/env" }).dataDir, path.resolve("/env"));
    assert.equal(served(["--vscode-data"], { COACH_DATA_DIR: "" }).dataDir, vscodeDataDir({}));
    assert.equal(served([], {}).dataDir, defaultDataDir({}));
  });

  it("expands a ${HOME} that a Claude Desktop default passes on unexpanded", () => {
    assert.equal(served(["--data-dir", "${HOME}/coach"]).dataDir, path.join(os.homedir(), "coach"));
    assert.equal(served([], { COACH_DATA_DIR: "${HOME}/coach" }).dataDir, path.join(os.homedir(), "coach"));
  });

  it("refuses an empty --data-dir and an unknown log level, naming the flag", () => {
    assert.deepEqual(parseCli(["--data-dir", ""], {}), { kind: "error", text: "--data-dir: must not be empty\n" });
    const level = parseCli(["--log-level", "loud"], {});
    assert.equal(level.kind, "error");
    assert.match((level as { text: string }).text, /^--log-level: must be one of debug, info, warn, error; got "loud"/);
  });
});
