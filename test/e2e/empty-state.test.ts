import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { sharedWorkbench } from "./support/shared.js";
import {
  activeEditorText,
  activeTabTitle,
  freshFolder,
  openCoachSidebar,
  openWindow,
  RESULTS,
  viewFrame,
  viewText,
  type CoachWindow,
} from "./support/workbench.js";

/** What a broken number or a missing field looks like once rendered. */
const BROKEN = /NaN|undefined|null|Infinity|\[object/;

describe("end to end: a brand-new user opens the sidebar", function () {
  this.timeout(600_000);
  let window: CoachWindow;
  let page: Page;
  let dataDir: string;

  before(async () => {
    const workbench = await sharedWorkbench();
    dataDir = freshFolder(workbench, "new-user-data");
    window = await openWindow(workbench, { name: "new-user", settings: { "workbench.colorTheme": "Default Dark Modern", "interviewCoach.dataDir": dataDir } });
    page = window.page;
    await openCoachSidebar(page);
  });

  after(async () => {
    await window?.close();
  });

  const settled = async (view: "dashboard" | "recommendations" | "milestones" | "abRunner", ready: string): Promise<Frame> => {
    const frame = await viewFrame(page, view);
    await frame.waitForSelector(ready, { timeout: 60_000 });
    return frame;
  };

  it("the dashboard shows its empty state pointing to the first practice, with no charts drawn from nothing", async () => {
    const dashboard = await settled("dashboard", ".empty-state");
    const text = await viewText(dashboard);
    assert.match(text, /No practice yet/);
    assert.match(text, /Answer one question from the bank/);
    assert.doesNotMatch(text, BROKEN);
    assert.equal(await dashboard.locator("canvas").count(), 0, "no gauges or trend without data");
    assert.equal(await dashboard.locator("vscode-button", { hasText: "Start your first practice" }).count(), 1);
  });

  it("Recommendations suggest where to start, and Milestones show the first ones at zero", async () => {
    const recommendations = await settled("recommendations", ".card");
    const advice = await viewText(recommendations);
    assert.match(await recommendations.locator(".card h3").first().innerText(), /Start on [A-Z]/);
    assert.match(advice, /No practice recorded yet/);
    assert.doesNotMatch(advice, BROKEN);

    const milestones = await settled("milestones", ".milestones li");
    const progress = await viewText(milestones);
    assert.match(progress, /First answer\s+0 \/ 1/);
    assert.match(progress, /None yet: your first answer unlocks the first one/);
    assert.doesNotMatch(progress, BROKEN);
    const values = await milestones.$$eval("progress", (bars) => bars.map((bar) => (bar as HTMLProgressElement).value));
    assert.ok(values.length > 0 && values.every((v) => v === 0), `progress bars: ${values.join(", ")}`);

    const runner = await settled("abRunner", "vscode-button");
    assert.equal(await runner.locator(".verdict").count(), 0, "no verdict before any trial");
    assert.doesNotMatch(await viewText(runner), BROKEN);
    await page.screenshot({ path: path.join(RESULTS, "empty-state.png") });
  });

  it("the dashboard's button opens the first practice's answer file", async () => {
    const dashboard = await viewFrame(page, "dashboard");
    await dashboard.locator("vscode-button", { hasText: "Start your first practice" }).click();
    const text = await activeEditorText(page, "Write your answer below the line");
    assert.match(text, /^# .+/m);
    assert.ok(readdirSync(path.join(dataDir, "answers")).some((file) => file.endsWith(".md")));
  });

  it("Recommendations' suggested practice opens the answer editor on a question of the suggested category", async () => {
    const recommendations = await viewFrame(page, "recommendations");
    const card = recommendations.locator(".card", { has: recommendations.locator("vscode-button", { hasText: "Practise this question" }) }).first();
    const category = /Start on (.+)/.exec(await card.locator("h3").innerText())?.[1]?.trim();
    assert.ok(category, "the card names the category to start on");
    await card.locator("vscode-button", { hasText: "Practise this question" }).click();
    const text = await activeEditorText(page, `Category: ${category}`);
    const tab = await activeTabTitle(page);
    const file = path.join(dataDir, "answers", tab.endsWith(".md") ? tab : `${tab}.md`);
    assert.ok(existsSync(file), `the answer file ${tab} is in the data folder`);
    const heading = readFileSync(file, "utf8").split("\n")[0]!;
    assert.match(heading, /^# \S/);
    assert.ok(text.replace(/\s+/g, " ").includes(heading), `the editor shows the file's question: ${heading}`);
    assert.match(text, /Write your answer below the line/);
    await page.screenshot({ path: path.join(RESULTS, "empty-state-practice.png") });
  });
});
