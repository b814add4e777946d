// Bundles the MCP server into one file that runs on Node 20 with no node_modules beside it.
import * as esbuild from "esbuild";
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { manifestFor } from "./browser-extension/manifest.mjs";

const require = createRequire(import.meta.url);
const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const tests = process.argv.includes("--tests");
// `--server --outdir DIR`: only the two server bundles and their runtime files, into DIR (the tests build a production copy this way).
const serverOnly = process.argv.includes("--server");
const outdir = process.argv.find((arg) => arg.startsWith("--outdir="))?.slice("--outdir=".length) ?? "dist";

/** The WebAssembly SQLite build is loaded from the bundle's own folder at run time. */
async function copyRuntimeAssets() {
  const wasm = path.join(path.dirname(require.resolve("node-sqlite3-wasm")), "node-sqlite3-wasm.wasm");
  await mkdir(outdir, { recursive: true });
  await copyFile(wasm, path.join(outdir, "node-sqlite3-wasm.wasm"));
  // The sample twin is read from beside the bundle when a new data dir is seeded.
  await copyFile("mcp-server/src/twin/sample-twin.md", path.join(outdir, "sample-twin.md"));
  if (serverOnly) return;
  // Webview assets are served from dist/webview, the only folder the webviews may load from.
  await mkdir("dist/webview", { recursive: true });
  const codicons = path.join(path.dirname(require.resolve("@vscode/codicons/package.json")), "dist");
  await copyFile(path.join(codicons, "codicon.css"), "dist/webview/codicon.css");
  await copyFile(path.join(codicons, "codicon.ttf"), "dist/webview/codicon.ttf");
  await copyFile("webview-ui/src/styles/webview.css", "dist/webview/webview.css");
}

/** The main bundle reaches the HTTP server only through `import("./http/main.js")`: at run time that is dist/http-server.js. */
const httpServerAsSibling = {
  name: "http-server-as-sibling",
  setup(build) {
    build.onResolve({ filter: /^\.\/http\/main\.js$/ }, () => ({ path: "./http-server.js", external: true }));
  },
};

/**
 * `z` from "zod" is a namespace that re-exports zod's 40 locales, and ext-apps reaches zod through a
 * dynamic import("zod/v4"): either keeps them all, about 256 KB of every bundle (a quarter of the
 * apps' page). Every message here is English, which zod imports itself.
 */
const withoutZodLocales = {
  name: "without-zod-locales",
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "without-zod-locales" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "without-zod-locales" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

const serverOptions = {
  entryPoints: { "mcp-server": "mcp-server/src/index.ts" },
  outdir,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: production ? false : "linked",
  minify: production,
  legalComments: "linked",
  banner: { js: "#!/usr/bin/env node" },
  logLevel: "info",
  plugins: [httpServerAsSibling, withoutZodLocales],
};

/** Packages that make closures on every request or query, left out of keepNames. */
const REQUEST_PATH_PACKAGES = /[\\/]node_modules[\\/](fastify|node-sqlite3-wasm)[\\/]/;
const tsconfigRaw = JSON.parse(await readFile("tsconfig.json", "utf8"));

/**
 * esbuild's keepNames for every module but fastify's and SQLite's: oidc-provider names its models by
 * their class names (TTLs, storage), and logs name errors by class, so minifying must keep them. Only
 * not on the request path: keepNames renames each closure as it is made, and fastify makes several per
 * request (its hook runner's callbacks), SQLite several per query; each rename redefines a property and
 * leaves the calls that meet those closures polymorphic, about 12 µs a request in all.
 */
const keepNamesOffTheRequestPath = {
  name: "keep-names-off-the-request-path",
  setup(build) {
    build.onLoad({ filter: /\.(c|m)?(j|t)s$/ }, async (args) => {
      if (REQUEST_PATH_PACKAGES.test(args.path) || args.path.endsWith(".d.ts")) return undefined;
      const loader = /\.(c|m)?ts$/.test(args.path) ? "ts" : "js";
      const source = await readFile(args.path, "utf8");
      // An inline map lets esbuild trace the bundle back to the original source, not to this step's output.
      const { code } = await esbuild.transform(source, {
        loader,
        keepNames: true,
        target: "node20",
        sourcefile: args.path,
        sourcemap: production ? false : "inline",
        tsconfigRaw,
      });
      // The naming helper esbuild adds reads Object at the module's top, where a module may declare its own (@stdlib does).
      const contents = code.replace(/^var (__defProp\d*) = Object\.defineProperty;$/m, "var $1 = globalThis.Object.defineProperty;");
      if (/^var __defProp\d* = Object\./m.test(contents)) throw new Error(`${args.path}: esbuild's naming helper has a new form`);
      return { contents, loader: "js", resolveDir: path.dirname(args.path) };
    });
  },
};

/** HTTP mode (fastify, jose, prom-client): its own file, so a stdio start never parses it. Not in the .vsix. */
const httpServerOptions = {
  ...serverOptions,
  entryPoints: { "http-server": "mcp-server/src/http/main.ts" },
  banner: undefined,
  // Licences inside the file: it ships on its own (containers), never in the .vsix with the *.LEGAL.txt files.
  legalComments: "eof",
  plugins: [keepNamesOffTheRequestPath, withoutZodLocales],
};

/**
 * The extension host bundle, an ES module (VS Code 1.100+ loads them): what activation needs is in
 * dist/extension.mjs, and each `import()` in the source (the MCP client, zod and the schemas, the chat,
 * the sync socket) is a chunk loaded on first use. `vscode` is provided by the editor at run time.
 */
const extensionOptions = {
  ...serverOptions,
  entryPoints: { extension: "extension/src/extension.ts" },
  format: "esm",
  splitting: true,
  outExtension: { ".js": ".mjs" },
  chunkNames: "extension-chunks/[name]-[hash]",
  // Bundled CommonJS packages (ws, cross-spawn) call require() for Node's own modules, which an ES module lacks.
  banner: { js: 'import { createRequire as __coachCreateRequire } from "node:module";\nconst require = __coachCreateRequire(import.meta.url);' },
  plugins: [withoutZodLocales],
  external: ["vscode"],
};

/** The chat hosts' page is built from the sidebar's own output: the app's entry and its chunks, as they were written. */
const APP_ENTRY = "dist/webview/coach-app.js";

/**
 * MCP Apps: the sidebar's views as one self-contained page the server serves for every ui:// view
 * (dist/coach-app.html). A chat host loads it with nothing beside it, so the app's entry and the
 * chunks it shares with the sidebar (React, the webview elements, chart.js) are joined into one
 * inline script with the views' styles; then the files only the app used are removed from dist/webview.
 */
const appPageFromSharedBuild = {
  name: "app-page-from-shared-build",
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const outputs = result.metafile.outputs;
      const reached = (entry) => {
        const seen = new Set([entry]);
        for (const file of seen)
          for (const imported of outputs[file]?.imports ?? [])
            if (imported.kind === "import-statement" || imported.kind === "dynamic-import") seen.add(imported.path);
        return seen;
      };
      const appFiles = reached(APP_ENTRY);
      // The views' own entries: a chunk behind a dynamic import counts as an entry point in the metafile too.
      const views = new Set(Object.values(build.initialOptions.entryPoints));
      const sidebarFiles = new Set(
        Object.entries(outputs)
          .filter(([file, output]) => views.has(output.entryPoint) && file !== APP_ENTRY)
          .flatMap(([file]) => [...reached(file)]),
      );
      const joined = await esbuild.build({
        entryPoints: [APP_ENTRY],
        bundle: true,
        write: false,
        format: "iife",
        target: "es2022",
        minify: production,
        logLevel: "error",
      });
      const script = joined.outputFiles[0].text.replace(/<\/script/gi, "<\\/script");
      const styles = (await Promise.all(["webview-ui/src/styles/webview.css", "webview-ui/src/apps/apps.css"].map((file) => readFile(file, "utf8")))).join(
        "\n",
      );
      const { code: css } = await esbuild.transform(styles, { loader: "css", minify: production });
      const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Interview Coach</title>
<style>${css}</style>
</head>
<body>
<div id="root"></div>
<script>${script}</script>
</body>
</html>
`;
      await mkdir(outdir, { recursive: true });
      await writeFile(path.join(outdir, "coach-app.html"), page);
      const appOnly = [...appFiles].filter((file) => !sidebarFiles.has(file));
      await Promise.all(appOnly.flatMap((file) => [rm(file, { force: true }), rm(`${file}.map`, { force: true })]));
    });
  },
};

/**
 * One ES module per sidebar view, for the browser; what views share (React, the webview elements,
 * chart.js) is split into chunks each view imports, so it is built and shipped once.
 */
const webviewOptions = {
  entryPoints: {
    dashboard: "webview-ui/src/views/dashboard/main.tsx",
    recommendations: "webview-ui/src/views/recommendations/main.tsx",
    milestones: "webview-ui/src/views/milestones/main.tsx",
    abRunner: "webview-ui/src/views/abRunner/main.tsx",
    jobFit: "webview-ui/src/views/jobFit/main.tsx",
    "coach-app": "webview-ui/src/apps/main.tsx",
  },
  outdir: "dist/webview",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "browser",
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  minify: production,
  sourcemap: production ? false : "linked",
  define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
  logLevel: "info",
  metafile: true,
  plugins: [withoutZodLocales, appPageFromSharedBuild],
};

/** The browser extension's builds, one folder per browser under dist/browser, each loadable unpacked and zipped by `npm run package`. */
const BROWSERS = ["chrome", "firefox"];

/** Writes each browser's manifest, pages, styles and icon beside its scripts once they are built. */
const browserPages = {
  name: "browser-pages",
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length) return;
      const { version } = JSON.parse(await readFile("package.json", "utf8"));
      const styles = ["webview-ui/src/styles/webview.css", "webview-ui/src/apps/apps.css", "browser-extension/src/browser.css"];
      const { code: css } = await esbuild.transform((await Promise.all(styles.map((file) => readFile(file, "utf8")))).join("\n"), {
        loader: "css",
        minify: production,
      });
      for (const browser of BROWSERS) {
        const dir = path.join("dist/browser", browser);
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, "manifest.json"), `${JSON.stringify(manifestFor(browser, version), null, 2)}\n`);
        await writeFile(path.join(dir, "coach.css"), css);
        await copyFile("media/icon.png", path.join(dir, "icon.png"));
        for (const page of ["panel", "options"]) await copyFile(`browser-extension/src/${page}/${page}.html`, path.join(dir, `${page}.html`));
        // The scripts are the same for both browsers: chrome.* is Firefox's too, and what differs is chosen at run time.
        if (browser !== BROWSERS[0])
          for (const script of ["background.js", "panel.js", "options.js"])
            await copyFile(path.join("dist/browser", BROWSERS[0], script), path.join(dir, script));
      }
    });
  },
};

/**
 * The MCP client builds Ajv as its default schema validator, which compiles schemas with new Function:
 * an extension page's CSP forbids that, so the browser extension passes its own validator and Ajv is left out.
 */
const withoutAjvValidator = {
  name: "without-ajv-validator",
  setup(build) {
    build.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) =>
      /@modelcontextprotocol[\\/]sdk/.test(args.importer) ? { path: "ajv-provider", namespace: "without-ajv-validator" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "without-ajv-validator" }, () => ({
      contents: 'export class AjvJsonSchemaValidator { constructor() { throw new Error("Ajv is not in this build: pass a jsonSchemaValidator"); } }',
      loader: "js",
    }));
  },
};

/** One classic script per page and the background, each self-contained: an extension may run only its own packaged code. */
const browserOptions = {
  entryPoints: {
    background: "browser-extension/src/background.ts",
    panel: "browser-extension/src/panel/main.tsx",
    options: "browser-extension/src/options/options.ts",
  },
  outdir: `dist/browser/${BROWSERS[0]}`,
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2022",
  jsx: "automatic",
  minify: production,
  // Stores review what they run: the scripts stay readable there even when minified, with no source maps shipped.
  sourcemap: false,
  define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
  logLevel: "info",
  plugins: [withoutZodLocales, withoutAjvValidator, browserPages],
};

/** The integration tests VS Code loads into its extension host; mocha resolves from node_modules at run time. */
const integrationTestOptions = {
  ...serverOptions,
  entryPoints: { index: "test/integration/index.ts" },
  outdir: "out/test/integration",
  banner: undefined,
  plugins: [],
  external: ["vscode", "mocha"],
  sourcemap: "inline",
  minify: false,
};

// A production build starts clean, so no development source maps are packaged.
if (production) await rm(outdir, { recursive: true, force: true });
// Chunk names carry a hash: a full build clears the old ones, or each rebuild would leave the last build's behind.
else if (!serverOnly && !tests && !watch)
  await Promise.all(["dist/webview", "dist/extension-chunks"].map((folder) => rm(folder, { recursive: true, force: true })));
await copyRuntimeAssets();
if (serverOnly) {
  await Promise.all([esbuild.build(serverOptions), esbuild.build(httpServerOptions)]);
} else if (tests) {
  await esbuild.build(integrationTestOptions);
} else if (watch) {
  for (const options of [serverOptions, httpServerOptions, extensionOptions, webviewOptions, browserOptions]) await (await esbuild.context(options)).watch();
} else {
  await Promise.all([
    esbuild.build(serverOptions),
    esbuild.build(httpServerOptions),
    esbuild.build(extensionOptions),
    esbuild.build(webviewOptions),
    esbuild.build(browserOptions),
  ]);
}
