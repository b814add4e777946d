/// <reference lib="dom" />
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { spawnCoach } from "../support/spawned-coach.js";
import { installHost } from "../vscode/install-host.js";
import { launchHost, type RunningHost } from "../vscode/launch-host.js";
import { CHROMIUM } from "../vscode/run-in-host.js";

const ROOT = path.join(__dirname, "../..");
const SHOTS = path.join(ROOT, "test-results/e2e");
const DAY = 86_400_000;

/** A person with two weeks of history, so every view has something real to draw. */
async function seedHistory(dataDir: string): Promise<void> {
  const coach = await spawnCoach(dataDir);
  try {
    const categories = ["conflict", "leadership", "teamwork", "technical", "failure"];
    for (let i = 0; i < 30; i++) {
      const timestamp = new Date(Date.now() - (i % 12) * DAY - (i % 5) * 3_600_000).toISOString();
      await coach.call("record_performance", { accuracy: 0.45 + ((i * 37) % 50) / 100, storyCoverage: 0.3 + ((i * 13) % 60) / 100, satisfaction: 2 + (i % 4), responseTime: 60 + ((i * 29) % 150), category: categories[i % 5], timestamp });
    }
  } finally {
    await coach.close();
  }
}

async function viewFrame(page: Page, view: string): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$(`#root[data-view="${view}"]`).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`the ${view} webview never loaded`);
}

describe("end to end: the packaged .vsix in VS Code, driven through Chromium", function () {
  this.timeout(600_000);
  let scratch: string;
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  before(async () => {
    await installHost();
    execFileSync("npm", ["run", "package"], { cwd: ROOT, stdio: "inherit" });
    scratch = mkdtempSync(path.join(os.tmpdir(), "coach-e2e-"));
    const dataDir = path.join(scratch, "data");
    await seedHistory(dataDir);
    const workspace = path.join(scratch, "workspace");
    mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
    writeFileSync(path.join(workspace, ".vscode/settings.json"), JSON.stringify({ "interviewCoach.dataDir": dataDir }));
    host = await launchHost({ installExtensions: [path.join(ROOT, "out/interview-coach.vsix")] });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${host.url}?${new URLSearchParams({ folder: workspace })}`);
    await page.waitForSelector(".monaco-workbench", { timeout: 120_000 });
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("opens the sidebar and the dashboard draws its gauges and trend from the person's data", async () => {
    await page.click('.activitybar [aria-label^="Interview Coach"]', { timeout: 60_000 });
    const dashboard = await viewFrame(page, "dashboard");
    await dashboard.waitForSelector(".gauge canvas", { timeout: 60_000 });
    await page.waitForTimeout(500);
    const drawn = await dashboard.$$eval("canvas", (canvases) =>
      canvases.map((c) => {
        const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
        return painted;
      }),
    );
    assert.equal(drawn.length, 5, "four gauges and the trend chart");
    assert.ok(drawn.every((pixels) => pixels > 200), `pixels drawn per canvas: ${drawn.join(", ")}`);
    assert.match(await dashboard.locator(".gauge-value").first().innerText(), /^\d+%$/);
    await page.screenshot({ path: path.join(SHOTS, "dashboard.png") });
  });

  it("runs an A/B test from the webview and shows its result", async () => {
    const runner = await viewFrame(page, "abRunner");
    await runner.evaluate(() => {
      const select = document.querySelector("#question") as HTMLSelectElement;
      select.value = "__typed__";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await runner.locator("vscode-textfield input").fill("Tell me about a time you disagreed with a product manager.");
    await runner.locator("vscode-button", { hasText: "Run A/B test" }).click();
    await runner.waitForSelector(".verdict", { timeout: 60_000 });
    assert.match(await runner.locator(".verdict").innerText(), /trials? of this pair[\s\S]*P\(concise is better\) = \d+%/);
    assert.equal(await runner.locator("article.answer").count(), 2);
    await page.screenshot({ path: path.join(SHOTS, "ab-runner.png") });
  });

  it("runs a command from the palette", async () => {
    await page.keyboard.press("F1");
    await page.locator(".quick-input-widget input").fill(">Interview Coach: Show Analytics Report");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Show Analytics Report" }).first().click();
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "Last 7 days" }).first().click();
    await page.waitForSelector('.monaco-editor .view-lines:has-text("Interview practice")', { timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, "analytics-report.png") });
  });
});
