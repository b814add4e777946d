import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { connectMcp, createKey, practiceAttempts, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { extensionStorage, launchWithExtension, signInFromPanel, type ExtensionBrowser } from "../support/extension-browser.js";

const SHOTS = path.join(__dirname, "../../test-results/browser-extension");

const ANSWER =
  "Last spring our on-call rota burned people out: three engineers asked to leave the team in one quarter. As the team lead " +
  "I had to fix it without dropping our response times. I measured a month of pages, found 60% came from two noisy alerts, " +
  "and worked with the owners to tune them. I then split the rota into follow-the-sun shifts with the Dublin team. " +
  "Pages per week fell from 41 to 9, nobody left in the next two quarters, and our median response stayed under five minutes.";

interface QueuedSeen {
  args: { timestamp?: string; accuracy: number };
  refused?: string;
}

describe("the browser extension offline: the last state shown, answers scored here, practice recorded once the server is back", function () {
  this.timeout(180_000);
  let dir: string;
  let coach: HttpCoach;
  let browser: ExtensionBrowser;
  let panel: Page;
  let key: string;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-browser-offline-"));
    coach = await startHttpCoach({ dataDir: dir });
    key = await createKey(dir, "lin", ["memory:access", "project:read", "project:write"]);
    browser = await launchWithExtension([coach.url]);
    panel = await signInFromPanel(browser, coach, "lin");
  });

  after(async () => {
    await browser?.close();
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps working while the server is down and records the practice done meanwhile when it is back", async () => {
    const put = await request(coach, "/v1/projects/initech", { method: "PUT", credential: key, body: { name: "Engineering manager at Initech" } });
    assert.equal(put.status, 200);
    await panel.getByRole("heading", { name: "Engineering manager at Initech" }).waitFor();
    await panel.getByText("No practice yet").waitFor();
    await panel.getByRole("tab", { name: "Practice" }).click();
    const question = (await panel.locator(".practice h2").textContent())!;
    const practised = (await extensionStorage(browser)).practice as { question: { id: string; text: string; category: string } };
    const before = await practiceAttempts(coach, key);
    // What the server's rubric gives this answer: the browser must give the same score offline.
    const remote = await connectMcp(coach, key);
    const online = await remote.call("evaluate_response", {
      question: practised.question.text,
      response: ANSWER,
      questionId: practised.question.id,
      category: practised.question.category,
    });
    await remote.close();
    const serverScore = (online.structuredContent as { overall: number }).overall;

    await coach.stop();
    await panel.reload();
    await panel
      .getByRole("status")
      .filter({ hasText: /^Offline: showing what your coach last sent/ })
      .waitFor();
    await panel.getByRole("heading", { name: "Engineering manager at Initech" }).waitFor();
    await panel.getByText("No practice yet").waitFor();
    await panel.getByRole("tab", { name: "Practice" }).click();
    assert.equal(await panel.locator(".practice h2").textContent(), question, "the same question, from what the panel kept");
    await panel.getByLabel("Your answer").fill(ANSWER);
    await panel.locator("vscode-button", { hasText: "Score my answer" }).click();
    const score = panel.locator(".practice-score");
    await score.waitFor();
    assert.equal(await score.getAttribute("aria-label"), `Scored ${serverScore} of 100`, "scored here exactly as the server scores it");
    await panel.locator('vscode-button[aria-label="Satisfaction 4 of 5"]').click();
    await panel
      .getByRole("status")
      .filter({ hasText: `Kept in this browser: ${serverScore}/100 is recorded` })
      .waitFor();
    await panel.getByRole("status").filter({ hasText: "1 practice kept in this browser" }).waitFor();
    await panel.screenshot({ path: path.join(SHOTS, "panel-offline.png"), fullPage: true });
    const outbox = (await extensionStorage(browser)).outbox as QueuedSeen[];
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]!.args.accuracy, serverScore / 100);
    const practisedAt = Date.parse(outbox[0]!.args.timestamp!);
    assert.ok(Math.abs(Date.now() - practisedAt) < 60_000, "kept with the time it was practised");

    // A practice naming a story the twin no longer has (removed from the twin file meanwhile): the server will refuse it.
    await browser.worker.evaluate(`chrome.storage.local.get("outbox").then(({ outbox }) => chrome.storage.local.set({ outbox: [...outbox,
      { ...outbox[0], id: "stale-story", args: { ...outbox[0].args, attemptId: "stale-story", storyIds: ["a-story-since-deleted"] } }] }))`);
    await panel.getByRole("status").filter({ hasText: "2 practices kept in this browser" }).waitFor();

    // The same server comes back at the same address with the same data.
    coach = await startHttpCoach({ dataDir: dir, args: ["--port", String(coach.port)] });
    const refused = panel.getByRole("alert").filter({ hasText: /was refused by the server: .*storyIds\.0.*must be the id of a story in the twin/ });
    await refused.waitFor({ timeout: 90_000 });
    assert.equal(await practiceAttempts(coach, key), before + 1, "the practice done offline is recorded on the server, the refused one is not");
    await panel
      .getByRole("status")
      .filter({ hasText: `Recorded ${serverScore}/100: sent from this browser once your coach could be reached.` })
      .waitFor();
    assert.equal(await panel.getByText("Kept in this browser:").count(), 0, "the practice card no longer says it is waiting");
    const kept = (await extensionStorage(browser)).outbox as QueuedSeen[];
    assert.equal(kept.length, 1, "the refused practice is kept for the person to see, not dropped");
    assert.ok(kept[0]!.refused);
    await panel.screenshot({ path: path.join(SHOTS, "panel-outbox-refused.png"), fullPage: true });
    await refused.locator("vscode-button", { hasText: "Discard it" }).click();
    await refused.waitFor({ state: "detached" });
    assert.deepEqual((await extensionStorage(browser)).outbox, []);
    await panel
      .getByRole("status")
      .filter({ hasText: /^Offline/ })
      .waitFor({ state: "detached" });
    await panel.getByRole("tab", { name: "Progress" }).click();
    await panel.locator("canvas").first().waitFor();
    await panel.screenshot({ path: path.join(SHOTS, "panel-back-online.png"), fullPage: true });
  });
});
