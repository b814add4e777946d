/// <reference lib="dom" />
// The packaged extension installed into a real VS Code server, and Chromium windows onto it: shared
// by the end-to-end specs and the README screenshot script.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "playwright-core";
import { installHost } from "../../vscode/install-host.js";
import { onInterrupt } from "../../vscode/interrupt.js";
import { launchHost, type RunningHost } from "../../vscode/launch-host.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../../support/chromium.js";

export const ROOT = path.join(__dirname, "../../..");
export const RESULTS = path.join(ROOT, "test-results/e2e");
const VSIX = path.join(ROOT, "out/interview-coach.vsix");

export type ViewName = "dashboard" | "abRunner" | "recommendations" | "milestones" | "jobFit";

/** The pane titles the extension contributes, in the sidebar's order. */
export const VIEW_TITLES: Record<ViewName, string> = {
  dashboard: "Dashboard",
  abRunner: "A/B Runner",
  recommendations: "Recommendations",
  milestones: "Milestones",
  jobFit: "Job Fit",
};

/** Settings every window starts with, so the sidebar and editor are what a screenshot shows. */
const QUIET_WORKBENCH = {
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "chat.disableAIFeatures": true,
  "editor.minimap.enabled": false,
};

let packaged = false;

/** Packages the extension (production build, then vsce) once per process: every window installs that one .vsix. */
export function packagedVsix(): string {
  if (!packaged) {
    const started = Date.now();
    execFileSync("npm", ["run", "package"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    console.log(`[e2e] packaged ${path.relative(ROOT, VSIX)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    packaged = true;
  }
  return VSIX;
}

export interface Workbench {
  host: RunningHost;
  browser: Browser;
  /** Where windows' workspaces and data folders live; removed on close. */
  scratch: string;
  close(): Promise<void>;
}

export interface WindowOptions {
  /** Folder name of the workspace, unique per window. */
  name: string;
  /** Workspace settings on top of the quiet defaults (theme, data folder). */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

export interface CoachWindow {
  page: Page;
  context: BrowserContext;
  workspace: string;
  close(): Promise<void>;
}

/** The VS Code server with the packaged .vsix installed the Marketplace way, and a headless Chromium. */
export async function startWorkbench(): Promise<Workbench> {
  await installHost();
  const vsix = packagedVsix();
  const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-e2e-"));
  const host = await launchHost({ installExtensions: [vsix] });
  let browser: Browser;
  try {
    const home = path.join(scratch, "chromium-home");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      // Chromium writes crash-report and dconf state under $HOME whatever its profile dir.
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache") },
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await host.close();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      unregister();
      await browser.close().catch(() => undefined);
      await host.close();
      rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })());
  const unregister = onInterrupt(close);
  return { host, browser, scratch, close };
}

/** A new browser window onto a workspace folder of its own, so each window gets its own settings and extension host. */
export async function openWindow(workbench: Workbench, options: WindowOptions): Promise<CoachWindow> {
  const workspace = path.join(workbench.scratch, options.name);
  mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
  writeFileSync(path.join(workspace, ".vscode/settings.json"), JSON.stringify({ ...QUIET_WORKBENCH, ...options.settings }, null, 2));
  const context = await workbench.browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${workbench.host.url}?${new URLSearchParams({ folder: workspace })}`);
  await page.waitForSelector(".monaco-workbench", { timeout: 120_000 });
  return { page, context, workspace, close: () => context.close() };
}

/** A new, empty folder under the workbench's scratch space. */
export function freshFolder(workbench: Workbench, name: string): string {
  const folder = path.join(workbench.scratch, name);
  mkdirSync(folder, { recursive: true });
  return folder;
}

export async function openCoachSidebar(page: Page): Promise<void> {
  await page.click('.activitybar [aria-label^="Interview Coach"]', { timeout: 60_000 });
}

/** The pane header a person clicks to expand or collapse a view. */
export const paneHeader = (page: Page, view: ViewName) => page.locator(".pane-header", { hasText: VIEW_TITLES[view] }).first();

/** Expands a view that starts collapsed, as a person does by clicking its header; a webview loads only once shown. */
export async function expandView(page: Page, view: ViewName): Promise<void> {
  const header = paneHeader(page, view);
  if ((await header.count()) === 0) return;
  if ((await header.getAttribute("aria-expanded")) === "false") await header.click();
}

/** The frame of one view's React app, once its root is in the page; a collapsed view is expanded first. */
export async function viewFrame(page: Page, view: ViewName): Promise<Frame> {
  const deadline = Date.now() + 60_000;
  await expandView(page, view);
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.$(`#root[data-view="${view}"]`).catch(() => null)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`the ${view} webview never loaded`);
}

/** Everything a person can read in a view, shadow roots aside. */
export async function viewText(frame: Frame): Promise<string> {
  return frame.locator("#root").innerText();
}

/** Per canvas, how many pixels are painted (alpha above zero). */
export async function paintedPixels(frame: Frame): Promise<number[]> {
  return frame.$$eval("canvas", (canvases) =>
    canvases.map((c) => {
      const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return painted;
    }),
  );
}

/** Runs a command from the palette by its title, as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press("F1");
  await page.locator(".quick-input-widget input").fill(`>${title}`);
  // Enter on the highlighted row: a click can land on whatever the starting workbench lays over it.
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: title }).waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
}

/**
 * Picks an entry of a quick pick by typing `text` to filter it and pressing Enter; with `title`, first
 * waits for the pick of that title, since one pick's rows are reused by the next.
 */
export async function pickQuickItem(page: Page, text: string, title?: string): Promise<void> {
  if (title) await page.locator(".quick-input-widget .quick-input-title", { hasText: title }).waitFor({ timeout: 30_000 });
  await page.locator(".quick-input-widget input").fill(text);
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: text }).waitFor({ timeout: 30_000 });
  await page.keyboard.press("Enter");
}

/** The text of the editor whose tab is active, once it shows `expected`. */
export async function activeEditorText(page: Page, expected: string): Promise<string> {
  const editor = page.locator(".editor-group-container.active .monaco-editor .view-lines").first();
  await editor.filter({ hasText: expected }).waitFor({ timeout: 30_000 });
  // Monaco renders spaces as no-break spaces.
  return (await editor.innerText()).replace(/\u00a0/g, " ");
}

export async function activeTabTitle(page: Page): Promise<string> {
  return page.locator(".editor-group-container.active .tab.active .label-name").first().innerText();
}

/** The notifications so far, read from the notification centre (headless Chromium shows no toasts). */
export async function notificationsText(page: Page, expected: string): Promise<string> {
  const centre = page.locator(".notifications-center");
  // The centre is opened from the palette, which a busy workbench can miss: it is asked for again, up to three times.
  for (let attempt = 1; ; attempt++) {
    await runCommand(page, "Notifications: Show Notifications");
    const shown = await centre
      .filter({ hasText: expected })
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    const text = await centre.innerText().catch(() => "(the notification centre is not open)");
    // The palette offers "Hide" only while the centre is open: a centre that never opened needs no hiding.
    if (await centre.isVisible()) await runCommand(page, "Notifications: Hide Notifications");
    if (shown) return text;
    if (attempt === 3) throw new Error(`no notification says "${expected}"; the centre shows: ${text}`);
  }
}
