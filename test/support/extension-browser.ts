import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page, type Worker } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.js";
import type { HttpCoach } from "./http-server.js";
import { signInCode } from "./oauth-flow.js";

export const CHROME_BUILD = path.join(__dirname, "../../dist/browser/chrome");

export interface ExtensionBrowser {
  context: BrowserContext;
  /** The unpacked extension's id, from its service worker's address. */
  id: string;
  worker: Worker;
  /** One of the extension's own pages (panel.html, options.html) in a new tab. */
  open(page: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium in headless new mode with the Chrome build loaded unpacked from a copy. `grantHosts`
 * adds host access to the copy's manifest: what a person's "Allow" on the browser's permission prompt
 * grants, which a headless browser has no window to show.
 */
export async function launchWithExtension(grantHosts: string[] = []): Promise<ExtensionBrowser> {
  if (!existsSync(path.join(CHROME_BUILD, "manifest.json"))) throw new Error(`${CHROME_BUILD} is missing: run npm run build`);
  const home = mkdtempSync(path.join(os.tmpdir(), "coach-browser-extension-"));
  const unpacked = path.join(home, "extension");
  cpSync(CHROME_BUILD, unpacked, { recursive: true });
  const manifestFile = path.join(unpacked, "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { host_permissions: string[] };
  manifest.host_permissions.push(...grantHosts.map((origin) => `${origin}/*`));
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  const context = await chromium.launchPersistentContext(path.join(home, "profile"), {
    executablePath: CHROMIUM,
    headless: false,
    viewport: { width: 420, height: 900 },
    args: ["--headless=new", `--disable-extensions-except=${unpacked}`, `--load-extension=${unpacked}`, ...CHROMIUM_ARGS],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache") },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 20_000 }));
  const id = new URL(worker.url()).host;
  return {
    context,
    id,
    worker,
    open: async (page) => {
      const tab = await context.newPage();
      await tab.goto(`chrome-extension://${id}/${page}`);
      return tab;
    },
    close: async () => {
      await context.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** The extension's storage.local, read in its own service worker. */
export function extensionStorage(browser: ExtensionBrowser): Promise<Record<string, unknown>> {
  return browser.worker.evaluate("chrome.storage.local.get(null)");
}

/** The panel open in its own tab, if one is. */
export const openPanel = (browser: ExtensionBrowser): Page | undefined => browser.context.pages().find((page) => page.url().endsWith("/panel.html"));

/**
 * Sets the server as the options page would and signs `userId` in from the panel through the server's
 * real sign-in and consent pages; `shots` saves the pages on the way. Returns the signed-in panel.
 */
export async function signInFromPanel(browser: ExtensionBrowser, coach: HttpCoach, userId: string, shots?: string): Promise<Page> {
  await browser.worker.evaluate(`chrome.storage.local.set({ server: ${JSON.stringify(coach.url)} })`);
  const panel = await browser.open("panel.html");
  await panel.getByText(`Sign in to ${coach.url}`, { exact: false }).waitFor();
  if (shots) await panel.screenshot({ path: path.join(shots, "panel-signed-out.png") });
  const signInWindow = browser.context.waitForEvent("page");
  await panel.locator("vscode-button", { hasText: "Sign in" }).click();
  const window = await signInWindow;
  await window.getByLabel("Sign-in code or API key").fill(await signInCode(coach, userId));
  await window.getByRole("button", { name: "Sign in" }).click();
  await window.getByRole("heading", { name: "Allow Interview Coach for Chrome to use your Interview Coach?" }).waitFor();
  if (shots) await window.screenshot({ path: path.join(shots, "consent.png") });
  await window.getByRole("button", { name: "Allow" }).click();
  await panel.getByText(`Coaching from ${new URL(coach.url).host}`).waitFor();
  return panel;
}
