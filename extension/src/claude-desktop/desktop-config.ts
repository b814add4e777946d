import path from "node:path";

/** The key the coach's server goes under in Claude Desktop's `mcpServers`. */
export const SERVER_KEY = "interview-coach";

/** One stdio server as Claude Desktop's configuration describes it. */
export interface DesktopServer {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export type ConfigEdit = { ok: true; text: string; changed: boolean } | { ok: false; error: string };

/** Where Claude Desktop keeps claude_desktop_config.json on each platform. */
export function desktopConfigPath(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv): string {
  if (platform === "darwin") return path.posix.join(home, "Library", "Application Support", "Claude", "claude_desktop_config.json");
  if (platform === "win32") return path.win32.join(env.APPDATA || path.win32.join(home, "AppData", "Roaming"), "Claude", "claude_desktop_config.json");
  // Electron's appData on Linux, which the Linux builds of Claude Desktop use.
  return path.posix.join(env.XDG_CONFIG_HOME || path.posix.join(home, ".config"), "Claude", "claude_desktop_config.json");
}

/**
 * How Claude Desktop should start the extension's own server. Inside VS Code's Electron the runtime
 * is Electron, which runs as Node only with ELECTRON_RUN_AS_NODE; elsewhere it is Node itself.
 */
export function desktopServer(
  launch: { runtime: string; serverPath: string; dataDir: string; twinFile?: string | undefined },
  runtimeIsElectron: boolean,
): DesktopServer {
  const args = [launch.serverPath, "--data-dir", launch.dataDir, ...(launch.twinFile ? ["--twin", launch.twinFile] : [])];
  return runtimeIsElectron ? { command: launch.runtime, args, env: { ELECTRON_RUN_AS_NODE: "1" } } : { command: launch.runtime, args };
}

/** "line L, column C" for a JSON.parse error that gives a position, as editors count them. */
function where(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (!position || /line \d+/.test(message)) return "";
  const before = text.slice(0, Number(position[1]));
  const line = before.split("\n").length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf("\n")})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The indentation the file already uses, so the rewrite keeps its look; two spaces for a new file. */
function indentOf(text: string): string | number {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  return indent ?? 2;
}

/**
 * The configuration's text with the coach's server added or updated under mcpServers, every other
 * key and server as it was. `old` is undefined when the file does not exist yet. A file that is not a
 * JSON object is refused, naming the file and what is wrong, and nothing is to be written.
 */
export function withCoachServer(old: string | undefined, server: DesktopServer, file: string): ConfigEdit {
  let config: unknown = {};
  if (old !== undefined && old.trim() !== "") {
    try {
      config = JSON.parse(old);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: `${file} is not valid JSON${where(old, message)}: ${message}. Fix or move the file, then run the command again.` };
    }
  }
  if (!isObject(config))
    return {
      ok: false,
      error: `${file} must hold a JSON object ({ "mcpServers": { … } }); it holds ${Array.isArray(config) ? "an array" : JSON.stringify(config)}.`,
    };
  const servers = config.mcpServers ?? {};
  if (!isObject(servers))
    return {
      ok: false,
      error: `${file}: "mcpServers" must be an object of servers by name; it is ${Array.isArray(servers) ? "an array" : JSON.stringify(servers)}.`,
    };
  if (sameJson(servers[SERVER_KEY], server)) return { ok: true, text: old ?? "", changed: false };
  const updated = { ...config, mcpServers: { ...servers, [SERVER_KEY]: server } };
  return { ok: true, text: `${JSON.stringify(updated, null, old ? indentOf(old) : 2)}\n`, changed: true };
}
