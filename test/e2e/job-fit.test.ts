/// <reference lib="dom" />
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { JOB_DESCRIPTIONS } from "../fixtures/job-descriptions.js";
import { seededDataDir, sharedWorkbench } from "./support/shared.js";
import { openCoachSidebar, openWindow, RESULTS, runCommand, viewFrame, viewText, type CoachWindow } from "./support/workbench.js";

describe("end to end: a job description analysed in VS Code, driven through Chromium", function () {
  this.timeout(600_000);
  let window: CoachWindow;
  let page: Page;

  before(async () => {
    const workbench = await sharedWorkbench();
    const dataDir = await seededDataDir(workbench, "job-fit-data");
    window = await openWindow(workbench, { name: "job-fit", settings: { "workbench.colorTheme": "Default Light Modern", "interviewCoach.dataDir": dataDir } });
    page = window.page;
    writeFileSync(path.join(window.workspace, "posting.md"), JOB_DESCRIPTIONS[0]!.description);
  });

  after(async () => {
    await window?.close();
  });

  it("reads the open posting, shows the requirement × evidence matrix with the gaps, and saves the target role", async () => {
    // A workbench still settling can close Quick Open under us: try again rather than fail.
    for (let attempt = 1; ; attempt++) {
      try {
        await runCommand(page, "Go to File...");
        await page.locator(".quick-input-widget input").fill("posting.md", { timeout: 10_000 });
        await page.locator(".quick-input-list .monaco-list-row", { hasText: "posting.md" }).first().waitFor({ timeout: 10_000 });
        await page.keyboard.press("Enter");
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await page.keyboard.press("Escape");
      }
    }
    await page.locator(".editor-group-container.active .monaco-editor .view-lines", { hasText: "Harborline" }).waitFor({ timeout: 30_000 });
    await runCommand(page, "Interview Coach: Analyze Job Description");
    // The job title comes prefilled from the posting's first line; the company is typed.
    const box = page.locator(".quick-input-widget");
    await box.locator(".quick-input-message", { hasText: "The job title" }).waitFor({ timeout: 30_000 });
    assert.equal(await box.locator("input").inputValue(), "Senior Platform Engineer");
    await page.keyboard.press("Enter");
    await box.locator(".quick-input-message", { hasText: "The company" }).waitFor({ timeout: 30_000 });
    await box.locator("input").fill("Harborline Payments");
    await page.keyboard.press("Enter");
    const view = await viewFrame(page, "jobFit");
    await view.waitForSelector(".fit-matrix", { timeout: 60_000 });
    const text = await viewText(view);
    assert.match(text, /Senior Platform Engineer at Harborline Payments/);
    assert.match(text, /\d+\/100/);
    assert.match(text, /Gaps \(1\)[\s\S]*PCI DSS/);
    assert.match(text, /Kafka[\s\S]*strong/);
    assert.doesNotMatch(text, /NaN|undefined/);
    await page.screenshot({ path: path.join(RESULTS, "job-fit.png") });
    // Maximised, the panel shows the whole matrix a person scrolls through.
    await runCommand(page, "View: Toggle Maximized Panel");
    await view.locator(".fit-matrix").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(RESULTS, "job-fit-matrix.png") });
    await runCommand(page, "View: Toggle Maximized Panel");
    await view.locator("vscode-button", { hasText: "Save as Target Role" }).click();
    await view.locator(".badge", { hasText: "target role" }).waitFor({ timeout: 30_000 });
    // The dashboard says which job practice is now favouring.
    await openCoachSidebar(page);
    const dashboard = await viewFrame(page, "dashboard");
    await dashboard.locator(".target-role", { hasText: "Preparing for Senior Platform Engineer at Harborline Payments" }).waitFor({ timeout: 30_000 });
  });
});
