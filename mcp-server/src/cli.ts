import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { HTTP_FLAGS, HTTP_HELP, parseHttpOptions, type HttpOptions } from "./http/cli-options.js";
import { parseKeysCommand, type KeysAction } from "./http/keys-options.js";
import type { Level } from "./log.js";
import { SERVER_NAME, SERVER_VERSION, VSCODE_EXTENSION_ID } from "./version.js";

export interface CliOptions {
  dataDir: string;
  twinFile: string | undefined;
  logLevel: Level;
  /** Set with --http: serve remote MCP over HTTP instead of stdio. */
  http: HttpOptions | null;
}

export type CliCommand =
  | { kind: "serve"; options: CliOptions }
  | { kind: "keys"; dataDir: string; keys: KeysAction }
  | { kind: "help"; text: string }
  | { kind: "version"; text: string }
  | { kind: "error"; text: string };

export const HELP = `${SERVER_NAME} ${SERVER_VERSION}
The Digital Twin Interview Coach MCP server. Speaks MCP over stdio, or over HTTP with --http.

Usage: node dist/mcp-server.js [options]
       node dist/mcp-server.js --http [--port N] [options]
       node dist/mcp-server.js keys create|list|revoke|sign-in-code|service-client|apps|disconnect ...

Options:
  --data-dir DIR     Where the practice store and the default twin file live
                     (default: $COACH_DATA_DIR when set and not empty, else ${defaultDataDir()})
  --vscode-data      Without --data-dir or COACH_DATA_DIR, use the VS Code extension's folder
                     (${vscodeDataDir()}), so both apps coach from one twin and one history
  --twin FILE        Use this twin file instead of DIR/twin.md (it must exist)
  --log-level LEVEL  debug | info | warn | error (default: info); logs go to stderr as JSON lines
  --help             Show this help
  --version          Print the version

${HTTP_HELP}`;

/** The per-user data folder each platform expects. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), SERVER_NAME);
  if (platform === "darwin") return path.join(home, "Library", "Application Support", SERVER_NAME);
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), SERVER_NAME);
}

/** The VS Code extension's global storage folder on this platform, where VS Code itself puts it for the extension. */
export function vscodeDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  // As VS Code computes its user data path: VSCODE_APPDATA first, then the platform's application data folder.
  const appData =
    env.VSCODE_APPDATA ||
    (platform === "win32"
      ? (env.APPDATA ?? path.join(home, "AppData", "Roaming"))
      : platform === "darwin"
        ? path.join(home, "Library", "Application Support")
        : env.XDG_CONFIG_HOME || path.join(home, ".config"));
  return path.join(appData, "Code", "User", "globalStorage", VSCODE_EXTENSION_ID);
}

/** mcpb hosts pass a setting's default on without expanding its `${HOME}` (modelcontextprotocol/mcpb#251), so the server does. */
function expandHome(value: string): string {
  return value.startsWith("${HOME}") ? path.join(os.homedir(), value.slice("${HOME}".length)) : value;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  if (argv[0] === "keys") {
    const keys = parseKeysCommand(argv.slice(1));
    if (!keys.ok) return { kind: "error", text: `${keys.error}\n(see: keys --help)\n` };
    if (keys.value === "help") return { kind: "help", text: HTTP_HELP };
    return { kind: "keys", dataDir: path.resolve(expandHome(keys.value.dataDir ?? (env.COACH_DATA_DIR || defaultDataDir(env)))), keys: keys.value.keys };
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        "data-dir": { type: "string" },
        twin: { type: "string" },
        "log-level": { type: "string" },
        "vscode-data": { type: "boolean" },
        help: { type: "boolean" },
        version: { type: "boolean" },
        http: { type: "boolean" },
        ...HTTP_FLAGS,
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    return { kind: "error", text: `${(error as Error).message}\n\n${HELP}` };
  }
  const { values } = parsed;
  if (values.help) return { kind: "help", text: HELP };
  if (values.version) return { kind: "version", text: `${SERVER_VERSION}\n` };
  const level = values["log-level"] ?? "info";
  if (!["debug", "info", "warn", "error"].includes(level))
    return { kind: "error", text: `--log-level: must be one of debug, info, warn, error; got "${level}"\n` };
  if (values["data-dir"] === "") return { kind: "error", text: "--data-dir: must not be empty\n" };
  const http = parseHttpOptions(values.http ?? false, values);
  if (!http.ok) return { kind: "error", text: `${http.error}\n` };
  // Over HTTP every user has their own twin, in their own folder.
  if (http.value && values.twin !== undefined) return { kind: "error", text: "--twin: not with --http (each user's twin is DIR/users/<user id>/twin.md)\n" };
  return {
    kind: "serve",
    options: {
      // COACH_DATA_DIR is how an MCP Bundle passes an optional folder: empty when the person left it unset.
      dataDir: path.resolve(expandHome(values["data-dir"] ?? (env.COACH_DATA_DIR || (values["vscode-data"] ? vscodeDataDir(env) : defaultDataDir(env))))),
      twinFile: values.twin ? path.resolve(expandHome(values.twin)) : undefined,
      logLevel: level as Level,
      http: http.value,
    },
  };
}
