/// <reference lib="dom" />
import assert from "node:assert/strict";
import path from "node:path";
import type { Page } from "playwright-core";
import { seededDataDir, sharedWorkbench } from "./support/shared.js";
import {
  activeEditorText,
  notificationsText,
  openCoachSidebar,
  openWindow,
  paintedPixels,
  pickQuickItem,
  RESULTS,
  runCommand,
  viewFrame,
  viewText,
  type CoachWindow,
} from "./support/workbench.js";

describe("end to end: the packaged .vsix in VS Code, driven through Chromium", function () {
  this.timeout(600_000);
  let window: CoachWindow;
  let page: Page;

  before(async () => {
    const workbench = await sharedWorkbench();
    const dataDir = await seededDataDir(workbench, "sidebar-data");
    window = await openWindow(workbench, { name: "sidebar", settings: { "workbench.colorTheme": "Default Dark Modern", "interviewCoach.dataDir": dataDir } });
    page = window.page;
  });

  after(async () => {
    await window?.close();
  });

  it("opens the sidebar and the dashboard draws its gauges and trend from the person's data", async () => {
    await openCoachSidebar(page);
    const dashboard = await viewFrame(page, "dashboard");
    await dashboard.waitForSelector(".gauge canvas", { timeout: 60_000 });
    const drawn = await paintedPixels(dashboard);
    assert.equal(drawn.length, 5, "four gauges and the trend chart");
    assert.ok(
      drawn.every((pixels) => pixels > 200),
      `pixels drawn per canvas: ${drawn.join(", ")}`,
    );
    assert.match(await dashboard.locator(".gauge-value").first().innerText(), /^\d+%$/);
    assert.doesNotMatch(await viewText(dashboard), /NaN|undefined|Infinity/);
    await page.screenshot({ path: path.join(RESULTS, "dashboard.png") });
  });

  it("a period chosen on the dashboard loads that period's report in place of the last one", async () => {
    const dashboard = await viewFrame(page, "dashboard");
    for (const [period, heading] of [
      ["monthly", "Accuracy, last 30 days"],
      ["weekly", "Accuracy, last 7 days"],
    ] as const) {
      await dashboard.evaluate((value) => {
        const select = document.querySelector("#period") as HTMLSelectElement;
        select.value = value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }, period);
      await dashboard.locator("h2", { hasText: heading }).waitFor({ timeout: 30_000 });
      assert.equal(await dashboard.locator(".gauge canvas").count(), 4, `the ${period} report keeps the gauges on show`);
      assert.doesNotMatch(await viewText(dashboard), /NaN|undefined|Infinity/);
    }
  });

  it("runs an A/B test from the webview and shows its result", async () => {
    const runner = await viewFrame(page, "abRunner");
    await runner.waitForSelector("#question", { timeout: 60_000 });
    await runner.evaluate(() => {
      const select = document.querySelector("#question") as HTMLSelectElement;
      select.value = "__typed__";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await runner.locator("vscode-textfield input").fill("Tell me about a time you disagreed with a product manager.");
    await runner.locator("vscode-button", { hasText: "Run A/B test" }).click();
    await runner.waitForSelector(".verdict", { timeout: 60_000 });
    // The seeded history already holds five trials of this pair, so this one is the sixth.
    assert.match(await runner.locator(".verdict").innerText(), /6 trials of this pair[\s\S]*P\(concise is better\) = \d+%/);
    const overflow = await runner.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the result fits the sidebar's width without scrolling sideways (overflow ${overflow} px)`);
    assert.equal(await runner.locator("article.answer").count(), 2);
    await page.screenshot({ path: path.join(RESULTS, "ab-runner.png") });
  });

  it("opens the A/B result in the diff editor and records the person's pick", async () => {
    const runner = await viewFrame(page, "abRunner");
    await runner.locator("vscode-button", { hasText: "Compare in editor" }).click();
    await page.locator(".monaco-diff-editor").first().waitFor({ timeout: 30_000 });
    const tab = await page.locator(".editor-group-container.active .tab.active").first().innerText();
    assert.match(tab, /star-focused\.md ↔ concise\.md|star-focused ↔ concise/);
    await page.locator('.editor-group-container.active .editor-actions [aria-label^="Prefer Right"]').first().click();
    await page.screenshot({ path: path.join(RESULTS, "compare-in-editor.png") });
    // The same two answers were judged by the rubric a moment ago: the pick replaces that judgment.
    assert.match(await notificationsText(page, "preference recorded"), /preference recorded\. Over 6 trials, P\(concise is better\) = \d+%/);
  });

  it("choosing a bank question sets the test strategy to the Thompson draw for its category", async () => {
    const runner = await viewFrame(page, "abRunner");
    // The pair starts the other way round, so a draw of either strategy or a third one moves a select.
    const choose = (id: string, value: string) =>
      runner.evaluate(
        ([selectId, v]) => {
          const select = document.getElementById(selectId!) as HTMLSelectElement;
          select.value = v!;
          select.dispatchEvent(new Event("change", { bubbles: true }));
        },
        [id, value],
      );
    await choose("Control", "concise");
    await choose("Test", "star-focused");
    await runner.evaluate(() => {
      const select = document.querySelector("#question") as HTMLSelectElement;
      const ids = Array.from(select.querySelectorAll("vscode-option"))
        .map((o) => (o as HTMLElement & { value: string }).value)
        .filter((v) => v && v !== "__typed__");
      select.value = ids[0]!;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    const note = runner.locator("p.note", { hasText: "Test strategy suggested by Thompson sampling" });
    await note.waitFor({ timeout: 30_000 });
    const drawn = /sampling: ([\w-]+) drew/.exec(await note.innerText())?.[1];
    assert.ok(drawn, `the suggestion names the strategy it drew: ${await note.innerText()}`);
    const [control, test] = await runner.evaluate(() => ["Control", "Test"].map((id) => (document.getElementById(id) as HTMLSelectElement).value));
    assert.equal(test, drawn);
    assert.equal(control, drawn === "concise" ? "star-focused" : "concise", "a drawn strategy that was the control swaps the pair");
    // A question of the person's own has no category, so no draw is shown for it.
    await runner.evaluate(() => {
      const select = document.querySelector("#question") as HTMLSelectElement;
      select.value = "__typed__";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await note.waitFor({ state: "detached", timeout: 10_000 });
  });

  it("runs a command from the palette", async () => {
    await runCommand(page, "Interview Coach: Show Analytics Report");
    await pickQuickItem(page, "Last 7 days");
    const report = await activeEditorText(page, "Interview practice");
    assert.doesNotMatch(report, /NaN|undefined/);
    await page.screenshot({ path: path.join(RESULTS, "analytics-report.png") });
  });

  it("starts a practice from the palette: the answer file opens with a bank question on top", async () => {
    await runCommand(page, "Interview Coach: Start Practice");
    const text = await activeEditorText(page, "Write your answer below the line");
    assert.match(text, /^# [A-Z]/m);
    assert.match(text, /interview-coach question: [a-z]+-[\w-]+/);
    assert.match(text, /Category: [A-Z]/);
  });
});
