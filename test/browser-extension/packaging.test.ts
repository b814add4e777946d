import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { zipEntries } from "../../bench/sizes.js";
import { lintFirefoxBuild, zipBuild } from "../../scripts/package-browser.js";

const BUILDS = path.join(__dirname, "../../dist/browser");
const manifestOf = (browser: string) => JSON.parse(readFileSync(path.join(BUILDS, browser, "manifest.json"), "utf8")) as Record<string, unknown>;

describe("the browser extension's builds", function () {
  this.timeout(120_000);

  it("ask for least privilege: storage, sign-in, the menu and the panel; host access to the two chat sites, the server's only at run time", () => {
    for (const browser of ["chrome", "firefox"]) {
      const manifest = manifestOf(browser);
      assert.equal(manifest.manifest_version, 3);
      assert.deepEqual(manifest.host_permissions, ["https://claude.ai/*", "https://chatgpt.com/*"]);
      assert.deepEqual(manifest.optional_host_permissions, ["https://*/*", "http://127.0.0.1/*", "http://localhost/*"]);
      const expected = ["storage", "identity", "contextMenus", "alarms", ...(browser === "chrome" ? ["sidePanel"] : [])];
      assert.deepEqual(manifest.permissions, expected, browser);
      assert.match((manifest.content_security_policy as { extension_pages: string }).extension_pages, /^script-src 'self'; object-src 'none'/);
    }
    assert.deepEqual(manifestOf("chrome").side_panel, { default_path: "panel.html" });
    assert.equal((manifestOf("firefox").sidebar_action as { default_panel: string }).default_panel, "panel.html");
  });

  it("pass Mozilla's add-on linter with no errors, and no code generated at run time", () => {
    const lint = lintFirefoxBuild(path.join(BUILDS, "firefox"));
    assert.deepEqual(
      lint.errors.map((e) => `${e.file}: ${e.code}`),
      [],
    );
    assert.deepEqual(
      lint.warnings.filter((w) => w.code === "DANGEROUS_EVAL" || w.code === "MISSING_DATA_COLLECTION_PERMISSIONS").map((w) => `${w.file}: ${w.code}`),
      [],
    );
  });

  it("zip for the stores with everything each manifest names", () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "coach-browser-zips-"));
    try {
      for (const browser of ["chrome", "firefox"]) {
        const files = zipEntries(readFileSync(zipBuild(path.join(BUILDS, browser), out, `interview-coach-${browser}.zip`))).map((entry) => entry.name);
        for (const file of ["manifest.json", "background.js", "panel.html", "panel.js", "options.html", "options.js", "coach.css", "icon.png"])
          assert.ok(files.includes(file), `${browser}: ${file} is missing from ${files.join(", ")}`);
        assert.ok(!files.some((file) => file.endsWith(".map")), `${browser}: no source maps`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
