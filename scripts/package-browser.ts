// Zips the browser extension's builds (dist/browser/chrome and dist/browser/firefox) for the stores,
// after web-ext lint passes on the Firefox build. Usage: node --import tsx scripts/package-browser.ts [--dist DIR] [--out DIR]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.join(__dirname, "..");
const WEB_EXT = path.join(ROOT, "node_modules/web-ext/bin/web-ext.js");

export interface LintSummary {
  errors: { code: string; message: string; file?: string }[];
  warnings: { code: string; message: string; file?: string }[];
}

/** Mozilla's add-on linter on a build folder, as the add-on store runs it. */
export function lintFirefoxBuild(dir: string): LintSummary {
  let output: string;
  try {
    output = execFileSync(process.execPath, [WEB_EXT, "lint", "--source-dir", dir, "--output", "json", "--no-config-discovery"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    // web-ext exits non-zero when it found errors; the JSON report is still on stdout.
    output = (error as { stdout?: string }).stdout ?? "";
    if (!output.trim().startsWith("{")) throw error;
  }
  return JSON.parse(output) as LintSummary;
}

/** One browser's build as a store-ready zip. */
export function zipBuild(dir: string, outDir: string, filename: string): string {
  if (!existsSync(path.join(dir, "manifest.json"))) throw new Error(`${dir} holds no build: run npm run build:production`);
  mkdirSync(outDir, { recursive: true });
  execFileSync(
    process.execPath,
    [WEB_EXT, "build", "--source-dir", dir, "--artifacts-dir", outDir, "--filename", filename, "--overwrite-dest", "--no-config-discovery"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return path.join(outDir, filename);
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { dist: { type: "string", default: path.join(ROOT, "dist/browser") }, out: { type: "string", default: path.join(ROOT, "out") } },
  });
  const lint = lintFirefoxBuild(path.join(values.dist, "firefox"));
  if (lint.errors.length) {
    for (const error of lint.errors) console.error(`${error.file ?? ""}: ${error.code} ${error.message}`);
    process.exitCode = 1;
  } else {
    for (const browser of ["chrome", "firefox"]) {
      const zip = zipBuild(path.join(values.dist, browser), values.out, `interview-coach-${browser}.zip`);
      console.log(`${path.relative(process.cwd(), zip)}: ${(statSync(zip).size / 1024).toFixed(0)} KB`);
    }
  }
}
