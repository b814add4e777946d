import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { createKey, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { extensionStorage, launchWithExtension, signInFromPanel, type ExtensionBrowser } from "../support/extension-browser.js";

const SHOTS = path.join(__dirname, "../../test-results/browser-extension");

/** An answer as a person might draft it with a chat's help, then select on the page. */
const DRAFTED =
  "When two teams disagreed about the event schema for our billing pipeline, I was the engineer asked to settle it. " +
  "My task was to get a decision within a week without stalling either team. I set up a short design review, wrote down both " +
  "proposals with their costs, and ran a one-day spike that replayed a month of production events through each. " +
  "The spike showed one design lost 3% of late events; we chose the other, shipped it in two sprints, and late-event losses went to zero.";

interface SessionSeen {
  session_id: string;
  platform: string;
  active_project: string | null;
  context: Record<string, unknown>;
  expires_at: string;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("the browser extension beside claude.ai and chatgpt.com: activity, shared sign-in and the context menu", function () {
  this.timeout(120_000);
  let dir: string;
  let coach: HttpCoach;
  let browser: ExtensionBrowser;
  let writer: string;
  let panel: Page;

  const sessions = async (platform: string): Promise<SessionSeen[]> => {
    const listed = await request(coach, `/v1/sessions?platform=${platform}`, { credential: writer });
    assert.equal(listed.status, 200);
    return ((await listed.json()) as { sessions: SessionSeen[] }).sessions;
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-browser-chat-"));
    coach = await startHttpCoach({ dataDir: dir });
    writer = await createKey(dir, "grace", ["project:read", "project:write", "session:sync"]);
    browser = await launchWithExtension([coach.url]);
    // The chat sites cannot be reached from the test machine: the browser is answered with a stand-in page at their real addresses.
    await browser.context.route(/^https:\/\/(claude\.ai|chatgpt\.com)\//, (route) =>
      route.fulfill({ contentType: "text/html", body: `<!doctype html><title>Chat</title><main><p id="draft">${DRAFTED}</p></main>` }),
    );
    panel = await signInFromPanel(browser, coach, "grace");
  });

  after(async () => {
    await browser?.close();
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reports a session for each chat site while it is open, on the person's active project, and removes it when the last tab closes", async () => {
    const put = await request(coach, "/v1/projects/globex", { method: "PUT", credential: writer, body: { name: "Platform lead at Globex" } });
    assert.equal(put.status, 200);
    const claude = await browser.context.newPage();
    await claude.goto("https://claude.ai/new");
    const [reported] = await until("the claude.ai session", async () => ((await sessions("claude")).length ? sessions("claude") : null));
    assert.equal(reported!.active_project, "globex");
    assert.deepEqual(reported!.context, { via: "browser extension", browser: "Chrome" });
    const lifetime = Date.parse(reported!.expires_at) - Date.now();
    assert.ok(lifetime > 5 * 60_000 && lifetime <= 10 * 60_000, `the session lapses on its own within ten minutes, not ${lifetime} ms`);
    assert.deepEqual(await sessions("chatgpt"), [], "only the site that is open is reported");

    const chatgpt = await browser.context.newPage();
    await chatgpt.goto("https://chatgpt.com/");
    await until("the chatgpt.com session", async () => ((await sessions("chatgpt")).length ? true : null));
    assert.equal(await claude.locator("#draft").textContent(), DRAFTED, "the chat site's page is left as it was");

    await claude.close();
    await until("the claude.ai session to go", async () => ((await sessions("claude")).length ? null : true));
    assert.equal((await sessions("chatgpt")).length, 1, "the other site's session stays while its tab is open");
    await chatgpt.close();
    await until("the chatgpt.com session to go", async () => ((await sessions("chatgpt")).length ? null : true));
  });

  it("renews a lapsing access token once when two panels need it at the same moment, and stays signed in", async () => {
    const { auth } = (await extensionStorage(browser)) as { auth: { tokens: { access_token: string; refresh_token: string } } };
    const second = await browser.open("panel.html");
    await second.getByText(`Coaching from ${new URL(coach.url).host}`).waitFor();
    // The token endpoint answers slowly, so both panels are renewing at once unless one waits for the other.
    await browser.context.route(`${coach.url}/token`, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await route.continue();
    });
    // As if the token were issued long ago: every page that asks for it next must renew it first.
    await browser.worker.evaluate("chrome.storage.local.get('auth').then(({ auth }) => chrome.storage.local.set({ auth: { ...auth, tokensAt: 0 } }))");
    await Promise.all([panel.reload(), second.reload()]);
    for (const page of [panel, second]) await page.getByText(`Coaching from ${new URL(coach.url).host}`).waitFor();
    await browser.context.unroute(`${coach.url}/token`);
    await panel.getByRole("tab", { name: "Practice" }).click();
    await panel.locator(".practice h2").waitFor();
    const renewed = ((await extensionStorage(browser)) as { auth: { tokens: { access_token: string; refresh_token: string }; tokensAt: number } }).auth;
    assert.notEqual(renewed.tokens.refresh_token, auth.tokens.refresh_token, "the refresh token was used and rotated");
    assert.ok(Date.now() - renewed.tokensAt < 60_000);
    // Had both panels spent the same refresh token, the server would have revoked the whole grant, the new tokens with it.
    const listed = await fetch(`${coach.url}/api/v1/questions`, { headers: { authorization: `Bearer ${renewed.tokens.access_token}` } });
    assert.equal(listed.status, 200, "the renewed access token works");
    const claude = await browser.context.newPage();
    await claude.goto("https://claude.ai/new");
    await until("the claude.ai session, reported with the renewed token", async () => ((await sessions("claude")).length ? true : null));
    await second.close();
    await claude.close();
  });

  it("scores an answer selected on a chat page with the context menu against the question being practised, in the panel", async () => {
    await panel.getByRole("tab", { name: "Progress" }).click();
    const page = await browser.context.newPage();
    await page.goto("https://claude.ai/chat/1");
    // A native menu cannot be clicked from a test: the click the menu item sends is dispatched to the service worker's listener.
    await browser.worker.evaluate(`chrome.tabs.query({ url: "https://claude.ai/*" }).then(([tab]) =>
      chrome.contextMenus.onClicked.dispatch({ menuItemId: "evaluate-answer", selectionText: ${JSON.stringify(` ${DRAFTED} `)}, editable: false, pageUrl: tab.url }, tab))`);
    await panel.getByRole("status").filter({ hasText: "Scored the answer you selected on claude.ai against this question." }).waitFor();
    const question = (await panel.locator(".practice h2").textContent())!;
    const shown = (await extensionStorage(browser)) as { practice: { question: { text: string } }; evaluation?: unknown };
    assert.ok(question.includes(shown.practice.question.text), "scored against the question the panel shows");
    assert.equal(shown.evaluation, undefined, "the selection is taken once");
    const score = panel.locator(".practice-score");
    assert.match((await score.getAttribute("aria-label")) ?? "", /^Scored \d+ of 100$/);
    // Each STAR part's score, quoting where the answer tells it.
    const parts = score.getByRole("table", { name: "STAR parts" }).getByRole("row");
    assert.equal(await parts.count(), 4);
    assert.match((await parts.filter({ hasText: "Result" }).textContent()) ?? "", /^Result\d+“The spike showed one design lost/);
    await panel.screenshot({ path: path.join(SHOTS, "panel-selected-answer.png"), fullPage: true });
    await page.close();
  });
});
