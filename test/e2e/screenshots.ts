/// <reference lib="dom" />
// The README's screenshots, taken from the packaged extension in a real VS Code over a history
// seeded through the server's own tools: node --import tsx test/e2e/screenshots.ts
import { mkdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { seedHistory } from "./support/seed.js";
import {
  freshFolder,
  openCoachSidebar,
  openWindow,
  paneHeader,
  pickQuickItem,
  ROOT,
  runCommand,
  startWorkbench,
  VIEW_TITLES,
  viewFrame,
  type ViewName,
} from "./support/workbench.js";

const OUT = path.join(ROOT, "media/screenshots");
/** Wide enough for the dashboard's four gauges in one row. */
const SIDEBAR_WIDTH = 560;
/** Past this, a README image is heavier than it is useful. */
const MAX_BYTES = 150 * 1024;
const AB_QUESTION = "sd-reliability";
const COMPARE_QUESTION = "trade consistency, latency or cost";

function log(message: string): void {
  console.log(`[screenshots] ${message}`);
}

/** Drags the sash on the sidebar's right edge until the sidebar is `width` pixels wide. */
async function widenSidebar(page: Page, width: number): Promise<void> {
  const sidebar = (await page.locator(".part.sidebar").boundingBox())!;
  const y = sidebar.y + sidebar.height / 2;
  await page.mouse.move(sidebar.x + sidebar.width, y);
  await page.mouse.down();
  await page.mouse.move(sidebar.x + width, y, { steps: 8 });
  await page.mouse.up();
}

/** Expands `view` and collapses the others, so it has the sidebar's whole height. */
async function showOnly(page: Page, view: ViewName): Promise<void> {
  for (const other of Object.keys(VIEW_TITLES) as ViewName[]) {
    const header = paneHeader(page, other);
    const expanded = (await header.getAttribute("aria-expanded")) === "true";
    if (expanded !== (other === view)) await header.click();
  }
  await paneHeader(page, view).locator("xpath=..").locator(".pane-body").waitFor();
}

/**
 * The pane of `view`, header included, down to the end of its content; when the content runs past
 * the pane, down to the last item shown whole, so no card is cut in half.
 */
async function capturePane(page: Page, frame: Frame, view: ViewName, file: string): Promise<void> {
  const pane = (await paneHeader(page, view).locator("xpath=..").boundingBox())!;
  const header = (await paneHeader(page, view).boundingBox())!;
  const visible = pane.height - header.height;
  const content = await frame.evaluate((room) => {
    const end = document.getElementById("root")!.getBoundingClientRect().bottom;
    if (end <= room) return end;
    const items = Array.from(document.querySelectorAll("#root li, #root section, #root article")).map((el) => el.getBoundingClientRect().bottom);
    return Math.max(...items.filter((bottom) => bottom <= room));
  }, visible);
  await save(page, file, { x: pane.x, y: pane.y, width: pane.width, height: header.height + content + 12 });
}

async function save(page: Page, file: string, clip: { x: number; y: number; width: number; height: number }): Promise<void> {
  const target = path.join(OUT, file);
  await page.screenshot({
    path: target,
    clip: { x: Math.round(clip.x), y: Math.round(clip.y), width: Math.round(clip.width), height: Math.round(clip.height) },
  });
  const bytes = statSync(target).size;
  log(`${file}: ${Math.round(clip.width)}×${Math.round(clip.height)}, ${Math.round(bytes / 1024)} KB${bytes > MAX_BYTES ? " (over 150 KB)" : ""}`);
}

/** Sets a vscode-single-select the way a person's pick does: value, then the change event React listens to. */
async function choose(frame: Frame, selectId: string, value: string): Promise<void> {
  await frame.evaluate(
    ([id, v]) => {
      const select = document.getElementById(id!) as HTMLSelectElement;
      select.value = v!;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
    [selectId, value],
  );
}

async function sidebarViews(page: Page): Promise<void> {
  for (const view of ["dashboard", "recommendations", "milestones"] as const) {
    await showOnly(page, view);
    const frame = await viewFrame(page, view);
    await frame.waitForSelector(view === "dashboard" ? ".gauge canvas" : view === "recommendations" ? ".card" : ".achieved li", { timeout: 60_000 });
    // The month shows the climb from the first cut-short answers; the week is the default.
    if (view === "dashboard") {
      await choose(frame, "period", "monthly");
      await frame.locator("h2", { hasText: "last 30 days" }).waitFor();
    }
    // Layout settles after the pane is resized: charts redraw on their ResizeObserver.
    await page.waitForTimeout(500);
    await capturePane(page, frame, view, `${view}.png`);
  }
}

async function abRunner(page: Page): Promise<void> {
  await showOnly(page, "abRunner");
  const runner = await viewFrame(page, "abRunner");
  await runner.waitForSelector("#question", { timeout: 60_000 });
  await choose(runner, "question", AB_QUESTION);
  await choose(runner, "Test", "detailed");
  await runner.locator("vscode-button", { hasText: "Run A/B test" }).click();
  await runner.waitForSelector(".verdict", { timeout: 60_000 });
  await page.waitForTimeout(300);
  await runner.evaluate(() => window.scrollTo(0, 0));
  await capturePane(page, runner, "abRunner", "ab-runner.png");
}

async function compareInEditor(page: Page): Promise<void> {
  await runCommand(page, "View: Close Primary Side Bar");
  // Despite the workspace setting the secondary side bar sometimes opens, taking the diff's width.
  if (await page.locator(".part.auxiliarybar").isVisible()) await runCommand(page, "View: Hide Secondary Side Bar");
  await runCommand(page, "Interview Coach: Compare Strategies in Editor");
  await pickQuickItem(page, COMPARE_QUESTION, "which question");
  await pickQuickItem(page, "STAR-focused", "Left (control) strategy");
  await pickQuickItem(page, "Concise", "Right (test) strategy");
  await page.locator(".monaco-diff-editor").first().waitFor({ timeout: 30_000 });
  await runCommand(page, "Notifications: Clear All Notifications");
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  const editor = (await page.locator(".part.editor").boundingBox())!;
  await save(page, "compare-in-editor.png", { x: editor.x, y: editor.y, width: editor.width, height: Math.min(editor.height, 480) });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const workbench = await startWorkbench();
  try {
    const dataDir = freshFolder(workbench, "history");
    const seeded = await seedHistory(dataDir);
    log(`seeded ${seeded.records} practised answers and ${seeded.trials} A/B trials`);
    const window = await openWindow(workbench, {
      name: "readme",
      settings: { "workbench.colorTheme": "Default Dark Modern", "interviewCoach.dataDir": dataDir },
      viewport: { width: 1280, height: 1000 },
    });
    const { page } = window;
    await openCoachSidebar(page);
    await viewFrame(page, "dashboard");
    await widenSidebar(page, SIDEBAR_WIDTH);
    await sidebarViews(page);
    await abRunner(page);
    await compareInEditor(page);
    await window.close();
  } finally {
    await workbench.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
