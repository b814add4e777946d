import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { constants, gzipSync } from "node:zlib";
import { kb, mb, ROOT } from "./support.js";

const WEBVIEW_TARGET = 250_000;
const VSIX_TARGET = 3_000_000;

/** Each webview's script, gzipped as a server would send it (level 9), and the stylesheets beside them. */
export function webviewSizes(buildDir: string): string[] {
  const dir = path.join(buildDir, "dist/webview");
  const sized = readdirSync(dir)
    .filter((name) => name.endsWith(".js") || name.endsWith(".css"))
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length, script: name.endsWith(".js") };
    });
  const row = (s: (typeof sized)[number]) => `  ${s.name.padEnd(34)} ${kb(s.raw).padStart(10)} on disk   ${kb(s.gzip).padStart(10)} gzipped${s.script ? "" : "   (stylesheet)"}`;
  const scripts = sized.filter((s) => s.script);
  return [
    "Webview bundles (dist/webview, gzip level 9; 1 KB = 1000 B)",
    ...scripts.map(row),
    ...sized.filter((s) => !s.script).map(row),
    `  target: each script ≤ ${kb(WEBVIEW_TARGET)} gzipped (largest ${kb(Math.max(...scripts.map((s) => s.gzip)))})`,
  ];
}

interface ZipEntry {
  name: string;
  compressed: number;
}

/** The entries a zip file's central directory lists, read without unpacking it. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error("not a zip file: no end of central directory record");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error("corrupt zip central directory");
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({ name: zip.toString("utf8", at + 46, at + 46 + nameLength), compressed: zip.readUInt32LE(at + 20) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** The arguments `npm run package` gives vsce, so the bench packages exactly as the project does; `--out` is the bench's own. */
export function packageArgs(buildDir: string): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(buildDir, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  const command = (scripts.package ?? "").split("&&").map((part) => part.trim().split(/\s+/)).find((words) => words[0] === "vsce" && words[1] === "package");
  const args = command?.slice(1) ?? ["package", "--no-dependencies", "--allow-missing-repository"];
  const out = args.indexOf("--out");
  if (out >= 0) args.splice(out, 2);
  return args;
}

/** The .vsix the Marketplace would get, packaged from the build snapshot the way `npm run package` does. */
export function vsixSize(buildDir: string): string[] {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-bench-vsix-"));
  const vsix = path.join(scratch, "interview-coach.vsix");
  try {
    const packaged = spawnSync(path.join(ROOT, "node_modules/.bin/vsce"), [...packageArgs(buildDir), "--out", vsix], { cwd: buildDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (packaged.status !== 0) throw new Error(`vsce package failed:\n${packaged.stdout}${packaged.stderr}`);
    const size = statSync(vsix).size;
    const shipped = zipEntries(readFileSync(vsix)).filter((entry) => entry.name.startsWith("extension/"));
    const largest = [...shipped].sort((a, b) => b.compressed - a.compressed).slice(0, 3);
    return [
      `Packaged .vsix (vsce ${packageArgs(buildDir).join(" ")}, production build; 1 MB = 1,000,000 B)`,
      `  size ${mb(size).padStart(10)}   ${shipped.length} files   (target ≤ ${mb(VSIX_TARGET)})`,
      `  largest compressed: ${largest.map((entry) => `${entry.name.replace(/^extension\//, "")} ${kb(entry.compressed)}`).join(", ")}`,
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
