// Installs a real VS Code host (the VS Code server inside code-server, run by Node 24) into
// .vscode-test/, using only the npm registry and Debian packages, once: a marker makes reruns instant.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CACHE_DIR, installOnce, NODE_PACKAGE, run, unpackNode } from "../support/npm-cache";

export { CACHE_DIR };
export const CODE_SERVER_VERSION = "4.139.1";

const DEBIAN_RG = "/usr/bin/rg";
const MARKER = "install-complete.json";

export interface HostPaths {
  root: string;
  node: string;
  nodeDir: string;
  vscodeDir: string;
  serverMain: string;
  marker: string;
}

export interface InstallRecord {
  codeServer: string;
  node: string;
  installedAt: string;
}

export function hostPaths(root = path.join(CACHE_DIR, `code-server-${CODE_SERVER_VERSION}`)): HostPaths {
  const nodeDir = path.join(root, "node");
  const vscodeDir = path.join(root, "node_modules/code-server/lib/vscode");
  return {
    root,
    node: path.join(nodeDir, "bin/node"),
    nodeDir,
    vscodeDir,
    serverMain: path.join(vscodeDir, "out/server-main.js"),
    marker: path.join(root, MARKER),
  };
}

export function installedHost(): InstallRecord | undefined {
  const paths = hostPaths();
  if (!existsSync(paths.marker) || !existsSync(paths.node) || !existsSync(paths.serverMain)) return undefined;
  return JSON.parse(readFileSync(paths.marker, "utf8")) as InstallRecord;
}

function progress(message: string): void {
  console.log(`[vscode-host] ${message}`);
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, command)));
}

/** Names the Debian packages a cold install needs and lacks, so CI fails with the fix in the message. */
export function missingDebianPackages(): string[] {
  const missing: string[] = [];
  if (!existsSync(DEBIAN_RG)) missing.push("ripgrep");
  if (!existsSync("/usr/include/gssapi/gssapi.h") || !onPath("krb5-config")) missing.push("libkrb5-dev");
  if (!onPath("make") || !onPath("g++")) missing.push("build-essential");
  if (!onPath("python3")) missing.push("python3");
  if (!onPath("tar")) missing.push("tar");
  return missing;
}

/** `ln -sf`: code-server's package ships copies where its postinstall puts links. */
function forceSymlink(target: string, linkPath: string): void {
  rmSync(linkPath, { recursive: true, force: true });
  symlinkSync(target, linkPath);
}

async function installInto(staging: HostPaths): Promise<InstallRecord> {
  const started = Date.now();
  const step = (message: string): void => progress(`${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  mkdirSync(staging.root, { recursive: true });
  // A package.json of its own keeps npm from walking up and installing into the repo's.
  writeFileSync(path.join(staging.root, "package.json"), JSON.stringify({ name: "vscode-test-host", private: true }, null, 2));

  step(`fetching ${NODE_PACKAGE} from the npm registry`);
  const nodeVersion = await unpackNode(staging.nodeDir);
  step(`Node ${nodeVersion} unpacked`);

  // npm and every build script run under Node 24 so native modules match the server's runtime.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${path.dirname(staging.node)}${path.delimiter}${process.env.PATH ?? ""}`,
    npm_config_yes: "true",
    npm_config_unsafe_perm: "true",
    npm_config_nodedir: staging.nodeDir,
    npm_config_fund: "false",
    npm_config_audit: "false",
  };
  step(`installing code-server@${CODE_SERVER_VERSION} without its (online) postinstall`);
  await run("npm", ["install", "--ignore-scripts", "--no-package-lock", `code-server@${CODE_SERVER_VERSION}`], staging.root, env);

  step("installing VS Code's own dependencies");
  await run("npm", ["install", "--omit=dev", "--ignore-scripts"], staging.vscodeDir, env);
  // @vscode/ripgrep's postinstall downloads from GitHub unless bin/ already exists.
  const rgBin = path.join(staging.vscodeDir, "node_modules/@vscode/ripgrep/bin");
  mkdirSync(rgBin, { recursive: true });
  copyFileSync(DEBIAN_RG, path.join(rgBin, "rg"));
  step("building VS Code's native modules for Node 24 (the slow step)");
  await run("npm", ["rebuild"], staging.vscodeDir, env);

  step("linking and installing the built-in extensions' dependencies");
  forceSymlink("node_modules", path.join(staging.vscodeDir, "node_modules.asar"));
  forceSymlink("code-linux.sh", path.join(staging.vscodeDir, "bin/remote-cli/code-server"));
  forceSymlink("browser-linux.sh", path.join(staging.vscodeDir, "bin/helpers/browser.sh"));
  await run("npm", ["install", "--omit=dev"], path.join(staging.vscodeDir, "extensions"), env);
  await run("npm", ["rebuild", "argon2"], staging.root, env);

  const record: InstallRecord = { codeServer: CODE_SERVER_VERSION, node: nodeVersion, installedAt: new Date().toISOString() };
  writeFileSync(staging.marker, `${JSON.stringify(record, null, 2)}\n`);
  step("installed");
  return record;
}

/** Installs the host unless the marker says it is there; returns where it lives. */
export async function installHost(): Promise<HostPaths> {
  const final = hostPaths();
  const existing = installedHost();
  if (existing) {
    progress(`code-server ${existing.codeServer} on Node ${existing.node} already installed in ${final.root}`);
    return final;
  }
  const missing = missingDebianPackages();
  if (missing.length) {
    throw new Error(`Missing Debian package(s): ${missing.join(", ")}. Install them first: apt-get install -y ${missing.join(" ")}`);
  }
  progress(`installing code-server ${CODE_SERVER_VERSION} (VS Code host) into ${final.root}`);
  await installOnce(
    final.root,
    () => installedHost() !== undefined,
    async (staging) => {
      await installInto(hostPaths(staging));
    },
  );
  return final;
}

if (require.main === module) {
  const started = Date.now();
  installHost().then(
    (paths) => progress(`ready: ${paths.serverMain} (${((Date.now() - started) / 1000).toFixed(1)} s)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
