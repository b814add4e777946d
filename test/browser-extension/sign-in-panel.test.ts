import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { createKey, practiceAttempts, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { extensionStorage, launchWithExtension, openPanel, signInFromPanel, type ExtensionBrowser } from "../support/extension-browser.js";

const SHOTS = path.join(__dirname, "../../test-results/browser-extension");

const ANSWER =
  "At Harborline our checkout service failed every Friday under peak load. As the tech lead I owned the fix. " +
  "I profiled the payment path, found a lock held across a network call, and moved the call out of the lock. " +
  "I wrote a load test that reproduced the failure before the change. The result: p99 latency fell from 2.1 s to 180 ms " +
  "and we had no Friday incidents in the next quarter.";

/** The options page as a person uses it: type the address, Save, read what it says. */
async function saveServer(page: Page, address: string): Promise<string> {
  await page.getByLabel("Server address").fill(address);
  await page.getByRole("button", { name: "Save" }).click();
  const status = page.locator("#server-status");
  await page.waitForFunction(() => !/^Checking/.test(document.getElementById("server-status")?.textContent ?? "Checking"));
  return (await status.textContent()) ?? "";
}

describe("the browser extension in Chromium: options, sign-in and the panel", function () {
  this.timeout(120_000);
  let dir: string;
  let coach: HttpCoach;
  let browser: ExtensionBrowser;
  let readerKey: string;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-browser-ext-"));
    coach = await startHttpCoach({ dataDir: dir });
    readerKey = await createKey(dir, "ada", ["memory:access"]);
    browser = await launchWithExtension([coach.url]);
  });

  after(async () => {
    await browser?.close();
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a server address that breaks a rule, or that is not a coach, naming why, and stores nothing", async () => {
    const options = await browser.open("options.html");
    assert.match(await saveServer(options, "ftp://coach.example.com"), /must use https:\/\/, or http:\/\/ on this machine/);
    assert.match(await saveServer(options, `${coach.url}/api/v1`), /give the server's root .* or its MCP address/);
    assert.equal(await options.getByLabel("Server address").getAttribute("aria-invalid"), "true");
    assert.deepEqual(await extensionStorage(browser), {});
    await options.close();
  });

  it("saves the server, signs in through the server's own sign-in and consent pages, and shows the person's progress", async () => {
    const options = await browser.open("options.html");
    assert.match(await saveServer(options, `${coach.url}/mcp`), new RegExp(`Saved\\. Open the Interview Coach panel and sign in to ${coach.url}`));
    assert.equal((await extensionStorage(browser)).server, coach.url);
    await options.screenshot({ path: path.join(SHOTS, "options-saved.png") });
    await options.close();

    const panel = await signInFromPanel(browser, coach, "ada", SHOTS);
    // A new twin's dashboard: nothing practised yet, said plainly rather than drawn as zeros.
    await panel.getByText("No practice yet").waitFor();
    const signedIn = (await extensionStorage(browser)).auth as {
      server: string;
      tokens?: { refresh_token?: string };
      verifier?: string;
      client?: { client_id: string };
    };
    assert.equal(signedIn.server, coach.url);
    assert.ok(signedIn.tokens?.refresh_token, "a refresh token is kept so the panel stays signed in");
    assert.equal(signedIn.verifier, undefined, "the PKCE verifier is dropped once used");
    assert.ok(signedIn.client?.client_id, "the browser registered itself as a client");
  });

  it("scores an answer from the panel with the rubric, records it on the server, and the gauges show it", async () => {
    const before = await practiceAttempts(coach, readerKey);
    const panel = openPanel(browser)!;
    await panel.getByRole("tab", { name: "Practice" }).click();
    await panel.getByLabel("Your answer").fill(ANSWER);
    await panel.locator("vscode-button", { hasText: "Score my answer" }).click();
    const score = panel.locator(".practice-score");
    await score.waitFor();
    assert.match((await score.getAttribute("aria-label")) ?? "", /^Scored \d+ of 100$/);
    await panel.locator('vscode-button[aria-label="Satisfaction 4 of 5"]').click();
    await panel
      .getByRole("status")
      .filter({ hasText: /^Recorded \d+\/100\./ })
      .waitFor();
    await panel.screenshot({ path: path.join(SHOTS, "panel-practice.png"), fullPage: true });
    assert.equal(await practiceAttempts(coach, readerKey), before + 1);
    await panel.getByRole("tab", { name: "Progress" }).click();
    await panel.locator("canvas").first().waitFor();
    // The gauges drew: some pixel of the first canvas is not transparent.
    const drawn = await panel
      .locator("canvas")
      .first()
      .evaluate((canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
        return data.some((value, i) => i % 4 === 3 && value > 0);
      });
    assert.ok(drawn, "the progress gauges drew pixels");
    await panel.screenshot({ path: path.join(SHOTS, "panel-progress.png"), fullPage: true });
  });

  it("copies the twin context for the current question: the profile and the stories the coach suggests for it", async () => {
    const panel = openPanel(browser)!;
    await panel.getByRole("tab", { name: "Practice" }).click();
    const question = (await panel.locator(".practice h2").textContent())!;
    await panel.locator("vscode-button", { hasText: "Copy twin context" }).click();
    const copied = await panel
      .getByRole("status")
      .filter({ hasText: /^Copied your profile and \d+ stor(y|ies) for this question/ })
      .textContent();
    const stories = Number(/and (\d+) stor/.exec(copied!)![1]);
    // The clipboard is the browser's: read back from a web page allowed to read it, as a paste into a chat would.
    await browser.context.grantPermissions(["clipboard-read"], { origin: coach.url });
    const reader = await browser.context.newPage();
    await reader.goto(`${coach.url}/livez`);
    const text = await reader.evaluate(() => navigator.clipboard.readText());
    await reader.close();
    assert.match(text, /^# My background \(from my Interview Coach twin\)/);
    assert.ok(text.includes(`## The question I am practising\n\n${question} (`), text);
    assert.equal(text.match(/^### /gm)?.length ?? 0, stories);
    assert.ok(stories > 0, "the sample twin has stories that fit");
  });

  it("shows the project and session another client PUT a moment before, arriving over the sync socket", async () => {
    const panel = openPanel(browser)!;
    await panel
      .getByRole("status")
      .filter({ hasText: /^Live$/ })
      .waitFor();
    const writer = await createKey(dir, "ada", ["project:read", "project:write", "session:sync"]);
    const put = (route: string, body: unknown) => request(coach, route, { method: "PUT", credential: writer, body });
    assert.equal((await put("/v1/projects/acme", { name: "Staff engineer at Acme", platforms: ["claude"] })).status, 200);
    await panel.getByRole("heading", { name: "Staff engineer at Acme" }).waitFor();
    assert.equal((await put("/v1/sessions/claude-1", { platform: "claude", active_project: "acme" })).status, 200);
    await panel.getByRole("list", { name: "Where you are practising now" }).getByText("Claude: Staff engineer at Acme").waitFor();
    await panel.getByRole("list", { name: "What your platforms did lately" }).getByText("Claude — active on Staff engineer at Acme").waitFor();
    await panel.screenshot({ path: path.join(SHOTS, "panel-live-project.png") });
  });

  it("signs out by revoking the grant at the server, and the panel asks to sign in again", async () => {
    const panel = openPanel(browser)!;
    const { tokens } = (await extensionStorage(browser)).auth as { tokens: { refresh_token: string; access_token: string } };
    await panel.locator("vscode-button", { hasText: "Sign out" }).click();
    await panel.getByText(`Sign in to ${coach.url}`, { exact: false }).waitFor();
    assert.equal((await extensionStorage(browser)).auth, undefined);
    const refreshed = await fetch(`${coach.url}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
    });
    assert.equal(refreshed.status, 400, "the revoked refresh token no longer works");
    const listed = await fetch(`${coach.url}/api/v1/questions`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    assert.equal(listed.status, 401, "nor does its access token");
  });
});
