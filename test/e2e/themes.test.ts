import assert from "node:assert/strict";
import path from "node:path";
import { sidebarBackground, textSamples, visiblePixels, type TextSample } from "./support/readability.js";
import { seededDataDir, sharedWorkbench } from "./support/shared.js";
import { openCoachSidebar, openWindow, RESULTS, viewFrame, type CoachWindow, type ViewName } from "./support/workbench.js";

/** WCAG AA for body text; 3:1 is the floor for anything a person must read at all. */
const BODY_TEXT = 4.5;
const ANY_TEXT = 3;

const THEMES = [
  { theme: "Default Light Modern", file: "theme-light.png" },
  { theme: "Default High Contrast", file: "theme-high-contrast.png" },
];

const describeSamples = (samples: TextSample[]) => samples.map((s) => `"${s.text}" ${s.color} on ${s.background} (${s.ratio.toFixed(2)}:1)`).join("; ");

for (const { theme, file } of THEMES) {
  describe(`end to end: the sidebar in "${theme}"`, function () {
    this.timeout(600_000);
    let window: CoachWindow;
    let background: string;

    before(async () => {
      const workbench = await sharedWorkbench();
      const name = file.replace(/\.png$/, "");
      const dataDir = await seededDataDir(workbench, `${name}-data`);
      window = await openWindow(workbench, { name, settings: { "workbench.colorTheme": theme, "interviewCoach.dataDir": dataDir } });
      await openCoachSidebar(window.page);
      background = await sidebarBackground(window.page);
    });

    after(async () => {
      await window?.close();
    });

    it("the dashboard's text stands out from the background and its canvases are drawn in visible colours", async () => {
      const dashboard = await viewFrame(window.page, "dashboard");
      await dashboard.waitForSelector(".gauge canvas", { timeout: 60_000 });
      const samples = await textSamples(dashboard, background);
      assert.ok(samples.length >= 15, `text samples: ${samples.length}`);
      const bodyColour = await dashboard.evaluate(() => getComputedStyle(document.body).color);
      assert.notEqual(bodyColour, background, "text and background colours differ");
      const faintBody = samples.filter((s) => s.color === bodyColour && s.ratio < BODY_TEXT);
      assert.deepEqual(faintBody, [], `body text under ${BODY_TEXT}:1: ${describeSamples(faintBody)}`);
      const unreadable = samples.filter((s) => s.ratio < ANY_TEXT);
      assert.deepEqual(unreadable, [], `text under ${ANY_TEXT}:1: ${describeSamples(unreadable)}`);
      // The change against the previous period is what a person reads first: it meets the body-text bar.
      const changes = samples.filter((s) => /pts$/.test(s.text.trim()));
      assert.ok(changes.length >= 1, "the gauges show their change against the previous period");
      const faintChanges = changes.filter((s) => s.ratio < BODY_TEXT);
      assert.deepEqual(faintChanges, [], `change labels under ${BODY_TEXT}:1: ${describeSamples(faintChanges)}`);
      const visible = await visiblePixels(dashboard, background);
      assert.equal(visible.length, 5, "four gauges and the trend chart");
      assert.ok(
        visible.every((pixels) => pixels > 200),
        `pixels standing out from ${background} per canvas: ${visible.join(", ")}`,
      );
      await window.page.screenshot({ path: path.join(RESULTS, file) });
    });

    it("the other views' text is readable too", async () => {
      // Job Fit lives in the panel; its own end-to-end test reads it in the light theme.
      const ready: Record<Exclude<ViewName, "dashboard" | "jobFit">, string> = {
        abRunner: "vscode-button",
        recommendations: ".card",
        milestones: ".milestones li",
      };
      for (const [view, selector] of Object.entries(ready) as [ViewName, string][]) {
        const frame = await viewFrame(window.page, view);
        await frame.waitForSelector(selector, { timeout: 60_000 });
        const samples = await textSamples(frame, background);
        assert.ok(samples.length > 0, `${view} shows text`);
        const unreadable = samples.filter((s) => s.ratio < ANY_TEXT);
        assert.deepEqual(unreadable, [], `${view}: text under ${ANY_TEXT}:1: ${describeSamples(unreadable)}`);
      }
    });
  });
}
