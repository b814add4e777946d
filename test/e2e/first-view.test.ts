/// <reference lib="dom" />
import assert from "node:assert/strict";
import path from "node:path";
import { seededDataDir, sharedWorkbench } from "./support/shared.js";
import { openCoachSidebar, openWindow, paneHeader, RESULTS, VIEW_TITLES, viewFrame, type CoachWindow, type ViewName } from "./support/workbench.js";

/** A laptop-sized window, the sidebar at the width VS Code gives it by default. */
const WINDOW = { width: 1400, height: 900 };
const SIDEBAR_VIEWS: ViewName[] = ["dashboard", "abRunner", "recommendations", "milestones"];

for (const { theme, file } of [
  { theme: "Default Light Modern", file: "first-view-light.png" },
  { theme: "Default Dark Modern", file: "first-view-dark.png" },
]) {
  describe(`end to end: the first view at ${WINDOW.width}×${WINDOW.height} in "${theme}"`, function () {
    this.timeout(600_000);
    let coach: CoachWindow;

    before(async () => {
      const workbench = await sharedWorkbench();
      const name = file.replace(/\.png$/, "");
      coach = await openWindow(workbench, {
        name,
        settings: { "workbench.colorTheme": theme, "interviewCoach.dataDir": await seededDataDir(workbench, `${name}-data`) },
        viewport: WINDOW,
      });
      await openCoachSidebar(coach.page);
    });

    after(async () => {
      await coach?.close();
    });

    it("opens on the dashboard alone, the other views collapsed under their headers", async () => {
      const expanded: string[] = [];
      for (const view of SIDEBAR_VIEWS) {
        const header = paneHeader(coach.page, view);
        await header.waitFor({ timeout: 60_000 });
        if ((await header.getAttribute("aria-expanded")) === "true") expanded.push(VIEW_TITLES[view]);
      }
      assert.deepEqual(expanded, ["Dashboard"]);
    });

    it("shows every gauge, its label and the trend whole, without clipping or scrolling", async () => {
      const dashboard = await viewFrame(coach.page, "dashboard");
      await dashboard.waitForSelector(".gauge canvas", { timeout: 60_000 });
      // Charts settle on their ResizeObserver after the first layout.
      await dashboard.waitForFunction(() => document.querySelectorAll("canvas").length === 5);
      const clipped = await dashboard.evaluate(() => {
        const room = { width: document.documentElement.clientWidth, height: window.innerHeight };
        const parts = Array.from(document.querySelectorAll(".gauge, .gauge figcaption, canvas"));
        return parts
          .map((el) => ({ what: (el.getAttribute("aria-label") ?? el.textContent ?? el.tagName).trim().slice(0, 40), box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.left < 0 || box.top < 0 || box.right > room.width + 0.5 || box.bottom > room.height + 0.5)
          .map(({ what, box }) => `${what} (${Math.round(box.right)}×${Math.round(box.bottom)} in ${room.width}×${room.height})`);
      });
      assert.deepEqual(clipped, [], "parts of the dashboard outside the visible pane");
      const gauges = await dashboard.locator(".gauge").count();
      assert.equal(gauges, 4);
      const sideways = await dashboard.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(sideways <= 0, `no sideways scrolling (overflow ${sideways} px)`);
      // Away from the activity bar, whose tooltip would cover the gauges in the picture.
      await coach.page.mouse.move(WINDOW.width / 2, WINDOW.height / 2);
      await coach.page.screenshot({ path: path.join(RESULTS, file) });
    });
  });
}
