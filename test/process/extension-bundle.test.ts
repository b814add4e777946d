import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const DIST = path.join(__dirname, "../../dist");

/** Files the entry loads before activate() runs: itself and every chunk it imports statically, not those behind import(). */
function loadedAtActivation(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(path.join(DIST, file), "utf8");
    for (const [, chunk] of code.matchAll(/(?:\bfrom\s*|\bimport\s*)"\.\/([^"]+\.mjs)"/g)) visit(path.posix.join(path.posix.dirname(file), chunk!));
  };
  visit(entry);
  return [...seen];
}

/** Text each package keeps in its bundled code, minified or not. */
const MARKERS = {
  zod: "$ZodError",
  "the MCP SDK's client": "does not support tools",
  ws: "Invalid WebSocket frame",
};

describe("the extension bundle", () => {
  const main = (JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { main: string }).main;

  it("activates from an ES module that loads neither zod, the MCP client nor ws: they arrive in chunks on first use", () => {
    assert.match(main, /^\.\/dist\/extension\.mjs$/);
    const eager = loadedAtActivation("extension.mjs");
    const code = eager.map((file) => readFileSync(path.join(DIST, file), "utf8")).join("\n");
    for (const [what, marker] of Object.entries(MARKERS)) assert.ok(!code.includes(marker), `${what} is loaded at activation, through ${eager.join(", ")}`);
  });

  it("still ships each of them in a chunk the entry imports on demand", () => {
    const entry = readFileSync(path.join(DIST, "extension.mjs"), "utf8");
    const lazy = [...entry.matchAll(/\bimport\(\s*"\.\/([^"]+\.mjs)"\s*\)/g)].flatMap(([, chunk]) => loadedAtActivation(chunk!));
    const code = lazy.map((file) => readFileSync(path.join(DIST, file), "utf8")).join("\n");
    for (const [what, marker] of Object.entries(MARKERS)) assert.ok(code.includes(marker), `${what} is in no chunk the extension can load`);
  });
});

describe("the webview build", () => {
  const webview = path.join(DIST, "webview");
  const importsOf = (file: string) =>
    [...readFileSync(file, "utf8").matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)"\.\/(chunks\/[^"]+\.js)"/g)].map(([, chunk]) => chunk!);

  it("joins the MCP Apps page into one self-contained file, scripts and styles inline", () => {
    const page = readFileSync(path.join(DIST, "coach-app.html"), "utf8");
    const script = /<script>([\s\S]*)<\/script>/.exec(page)?.[1] ?? "";
    assert.ok(script.length > 100_000, "the page carries the app's script inline");
    const markup = page.replace(script, "");
    assert.doesNotMatch(markup, /<script[^>]*\ssrc=|<link[^>]*\shref=|type="module"/);
    assert.doesNotMatch(script, /^import\b|\bfrom\s*"\.\/chunks\//m, "the inline script imports nothing");
  });

  it("ships in dist/webview only what a sidebar view loads: the app's own entry and chunks are removed once joined", () => {
    const views = readdirSync(webview).filter((name) => name.endsWith(".js"));
    assert.deepEqual(views.sort(), ["abRunner.js", "dashboard.js", "jobFit.js", "milestones.js", "recommendations.js"]);
    const loaded = new Set<string>();
    const visit = (file: string) => {
      for (const chunk of importsOf(file)) {
        if (loaded.has(chunk)) continue;
        loaded.add(chunk);
        visit(path.join(webview, chunk));
      }
    };
    for (const view of views) visit(path.join(webview, view));
    const shipped = readdirSync(path.join(webview, "chunks")).filter((name) => name.endsWith(".js"));
    assert.deepEqual(
      shipped.filter((name) => !loaded.has(`chunks/${name}`)),
      [],
    );
  });
});
