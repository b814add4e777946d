import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { constants, gzipSync } from "node:zlib";
import { kb, mb, ROOT } from "./support.js";

const WEBVIEW_TARGET = 250_000;
const VSIX_TARGET = 3_000_000;

const gzipped = (bytes: Buffer) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;

/** The chunks a module imports, by the relative paths esbuild writes (`from"./chunks/x.js"`, `import"./chunks/x.js"`). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  return [...source.matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+\.js)["']/g)].map((m) => path.resolve(path.dirname(file), m[1]!));
}

/** A view's entry module and every chunk it reaches: what the view loads. */
function loadedBy(entry: string): string[] {
  const seen = new Set<string>([entry]);
  for (const file of seen) for (const imported of importsOf(file)) seen.add(imported);
  return [...seen];
}

/**
 * What each webview loads (its entry module and the shared chunks it imports), gzipped as a server
 * would send it (level 9), the shared chunks on their own, and the stylesheets.
 */
export function webviewSizes(buildDir: string): string[] {
  const dir = path.join(buildDir, "dist/webview");
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .sort();
  const chunkDir = path.join(dir, "chunks");
  const chunks = existsSync(chunkDir)
    ? readdirSync(chunkDir)
        .filter((name) => name.endsWith(".js"))
        .sort()
    : [];
  const size = (files: string[]) => {
    const bytes = files.map((file) => readFileSync(file));
    return { raw: bytes.reduce((sum, b) => sum + b.length, 0), gzip: bytes.reduce((sum, b) => sum + gzipped(b), 0) };
  };
  const row = (label: string, { raw, gzip }: { raw: number; gzip: number }, note = "") =>
    `  ${label.padEnd(34)} ${kb(raw).padStart(10)} on disk   ${kb(gzip).padStart(10)} gzipped${note}`;
  const views = entries.map((name) => ({ name, ...size(loadedBy(path.join(dir, name))), own: size([path.join(dir, name)]) }));
  const shipped = size([...entries.map((name) => path.join(dir, name)), ...chunks.map((name) => path.join(chunkDir, name))]);
  const styles = readdirSync(dir)
    .filter((name) => name.endsWith(".css"))
    .sort();
  return [
    "Webview scripts (dist/webview, gzip level 9 per file; 1 KB = 1000 B): what each view loads, its own module and the shared chunks",
    ...views.map((v) => row(v.name, v, `   (own module ${kb(v.own.gzip)} gzipped)`)),
    ...chunks.map((name) => row(`shared: chunks/${name}`, size([path.join(chunkDir, name)]))),
    row("all scripts shipped", shipped),
    ...styles.map((name) => row(name, size([path.join(dir, name)]), "   (stylesheet)")),
    `  target: each view's scripts ≤ ${kb(WEBVIEW_TARGET)} gzipped (largest ${kb(Math.max(...views.map((v) => v.gzip)))})`,
    ...appPageSize(buildDir, row),
  ];
}

/** The MCP Apps page chat hosts load: one HTML file whose inline script joins the app's entry and the chunks it shares with the views. */
function appPageSize(buildDir: string, row: (label: string, size: { raw: number; gzip: number }, note?: string) => string): string[] {
  const file = path.join(buildDir, "dist/coach-app.html");
  if (!existsSync(file)) return ["  MCP Apps page: dist/coach-app.html is missing"];
  const page = readFileSync(file);
  const html = page.toString("utf8");
  const script = Buffer.from(html.slice(html.indexOf("<script>") + "<script>".length, html.lastIndexOf("</script>")));
  return [
    row("MCP Apps page coach-app.html", { raw: page.length, gzip: gzipped(page) }, "   (self-contained: script and styles inline)"),
    row("  its inline script", { raw: script.length, gzip: gzipped(script) }),
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
  const command = (scripts.package ?? "")
    .split("&&")
    .map((part) => part.trim().split(/\s+/))
    .find((words) => words[0] === "vsce" && words[1] === "package");
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
    const packaged = spawnSync(path.join(ROOT, "node_modules/.bin/vsce"), [...packageArgs(buildDir), "--out", vsix], {
      cwd: buildDir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
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
