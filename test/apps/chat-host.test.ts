import assert from "node:assert/strict";
import path from "node:path";
import type { Frame } from "playwright-core";
import { RESULTS, HOST_THEMES, startChatHost, type ChatHost } from "./support/chat-host.js";

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as Rgb;

/** Per gauge canvas: pixels drawn at all, and pixels in the host's info colour (the filled arc). */
function gaugePixels(frame: Frame, accent: Rgb): Promise<{ drawn: number; accent: number }[]> {
  return frame.evaluate((colour) => {
    return Array.from(document.querySelectorAll<HTMLCanvasElement>(".gauge canvas")).map((canvas) => {
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      let accent = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! < 200) continue;
        drawn++;
        if (Math.abs(data[i]! - colour[0]) + Math.abs(data[i + 1]! - colour[1]) + Math.abs(data[i + 2]! - colour[2]) < 24) accent++;
      }
      return { drawn, accent };
    });
  }, accent);
}

async function screenshot(host: ChatHost, name: string): Promise<void> {
  await host.page.screenshot({ path: path.join(RESULTS, `${name}.png`), fullPage: true });
}

describe("MCP Apps in a chat host (AppBridge in Chromium, the built server over stdio)", function () {
  this.timeout(120_000);
  let host: ChatHost;
  before(async () => {
    host = await startChatHost();
  });
  after(() => host?.close());
  afterEach(() => {
    // The page asked for nothing outside itself and broke no rule of the CSP its resource declared.
    assert.deepEqual(host.outsideRequests, []);
    assert.deepEqual(
      host.consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e)),
      [],
    );
  });

  for (const theme of ["light", "dark"] as const) {
    it(`get_analytics_report draws the gauges and the trend in the host's ${theme} colours`, async () => {
      const { frame, result } = await host.open("get_analytics_report", { period: "monthly" }, theme);
      assert.ok(!result.isError);
      await frame.locator(".gauge canvas").first().waitFor();
      assert.equal(await frame.evaluate(() => document.querySelector<HTMLElement & { value: string }>("#period")!.value), "monthly");
      const gauges = await gaugePixels(frame, rgb(HOST_THEMES[theme]["--color-text-info"]!));
      assert.equal(gauges.length, 4);
      for (const gauge of gauges) assert.ok(gauge.drawn > 200, `a gauge drew ${gauge.drawn} pixels`);
      // Accuracy and story coverage are under 100% in the seeded history: part of each arc is the host's info colour.
      assert.ok(gauges[0]!.accent > 50 && gauges[0]!.accent < gauges[0]!.drawn, JSON.stringify(gauges[0]));
      const trendDrawn = await frame.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>(".trend-chart canvas")!;
        const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
        let drawn = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
        return drawn;
      });
      assert.ok(trendDrawn > 500, `the trend drew ${trendDrawn} pixels`);
      const text = await frame.evaluate(() => getComputedStyle(document.body).color);
      const [r, g, b] = rgb(HOST_THEMES[theme]["--color-text-primary"]!);
      assert.equal(text, `rgb(${r}, ${g}, ${b})`);
      await screenshot(host, `dashboard-${theme}`);
    });
  }

  it("a host that sends its theme but no style variables gets the page's own dark colours", async () => {
    const { frame } = await host.open("get_analytics_report", { period: "monthly" }, "dark", {});
    await frame.locator(".gauge canvas").first().waitFor();
    assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), "dark");
    assert.equal(await frame.evaluate(() => getComputedStyle(document.body).color), "rgb(230, 237, 243)");
    const [accuracy] = await gaugePixels(frame, rgb("#4493f8"));
    assert.ok(accuracy!.accent > 50, JSON.stringify(accuracy));
    await screenshot(host, "dashboard-dark-page-defaults");
  });

  it("a period chosen in the dashboard is fetched through app.callServerTool", async () => {
    const { frame } = await host.open("get_analytics_report", { period: "monthly" }, "light");
    await frame.locator(".gauge canvas").first().waitFor();
    const before = host.relayed.length;
    await frame.evaluate(() => {
      const select = document.querySelector<HTMLElement & { value: string }>("#period")!;
      select.value = "daily";
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await frame.getByText("Accuracy, last 24 hours").waitFor();
    assert.deepEqual(
      host.relayed.slice(before).map(({ name, arguments: args }) => ({ name, args })),
      [{ name: "get_analytics_report", args: { period: "daily" } }],
    );
  });

  it("run_ab_test shows both answers side by side with their scores and the probability", async () => {
    const { questions } = (await host.client.callTool({ name: "list_questions", arguments: {} })).structuredContent as {
      questions: { id: string; text: string }[];
    };
    const question = questions[3]!;
    const args = { question: question.text, questionId: question.id, controlVariantId: "star-focused", testVariantId: "concise" };
    const { frame, result } = await host.open("run_ab_test", args, "dark");
    const trial = result.structuredContent as {
      control: { evaluation: { overall: number } };
      test: { evaluation: { overall: number } };
      probabilityTestBetter: number;
    };
    const cards = frame.locator("article.answer");
    await cards.first().waitFor();
    assert.equal(await cards.count(), 2);
    assert.match((await cards.nth(0).getAttribute("aria-label"))!, new RegExp(`star-focused, ${trial.control.evaluation.overall} points`));
    assert.match((await cards.nth(1).getAttribute("aria-label"))!, new RegExp(`concise, ${trial.test.evaluation.overall} points`));
    assert.match(await frame.locator(".verdict").innerText(), new RegExp(`P\\(concise is better\\) = ${Math.round(trial.probabilityTestBetter * 100)}%`));
    // The diff editor is VS Code's: the chat has no button for it.
    assert.equal(await frame.getByText("Compare in editor").count(), 0);
    await screenshot(host, "ab-trial-dark");
  });

  it("a recommendation's button starts the practice through a tool call, and the answer is scored and recorded on the server", async () => {
    const { frame, result } = await host.open("get_personalized_recommendations", {}, "light");
    const recommendations = (result.structuredContent as { recommendations: { action: { type: string; questionId?: string } }[] }).recommendations;
    const practise = recommendations.find((r) => r.action.type === "practise_question");
    assert.ok(practise?.action.questionId, "the seeded history has a question to practise");
    await frame.locator("li.card").first().waitFor();
    await screenshot(host, "recommendations-light");
    const analyticsBefore = (await host.client.callTool({ name: "get_analytics_report", arguments: { period: "daily" } })).structuredContent as {
      current: { attempts: number };
    };
    const before = host.relayed.length;

    await frame.locator("vscode-button", { hasText: "Practise this question" }).first().click();
    await frame.locator("main.practice h2").waitFor();
    assert.equal(host.relayed[before]?.name, "practice_question");
    assert.deepEqual(host.relayed[before]?.arguments, { questionId: practise.action.questionId });
    const questionText = await frame.locator("main.practice h2").innerText();
    const draft = (await host.client.callTool({ name: "generate_response", arguments: { question: questionText, variantId: "star-focused" } }))
      .structuredContent as { response: string };
    await frame.locator("#answer").fill(draft.response);
    await frame.locator("vscode-button", { hasText: "Score my answer" }).click();
    await frame.locator(".practice-score").waitFor();
    await frame.locator('vscode-button[aria-label="Satisfaction 4 of 5"]').click();
    await frame.getByRole("status").filter({ hasText: "Recorded" }).waitFor();
    await screenshot(host, "practice-recorded-light");

    const calls = host.relayed.slice(before).map((c) => c.name);
    assert.deepEqual(calls, ["practice_question", "evaluate_response", "record_performance"]);
    const recorded = host.relayed.find((c) => c.name === "record_performance")!.arguments as { questionId: string; satisfaction: number };
    assert.equal(recorded.questionId, practise.action.questionId);
    assert.equal(recorded.satisfaction, 4);
    // Read back through the server, not the app: the attempt is in today's analytics.
    const analyticsAfter = (await host.client.callTool({ name: "get_analytics_report", arguments: { period: "daily" } })).structuredContent as {
      current: { attempts: number };
    };
    assert.equal(analyticsAfter.current.attempts, analyticsBefore.current.attempts + 1);
  });

  it("get_next_milestones shows progress toward each milestone", async () => {
    const { frame, result } = await host.open("get_next_milestones", { numberOfMilestones: 4 }, "dark");
    const { next } = result.structuredContent as { next: { title: string; progress: number }[] };
    await frame.locator("ul.milestones progress").first().waitFor();
    const shown = await frame.locator("ul.milestones progress").evaluateAll((bars) => bars.map((b) => (b as HTMLProgressElement).value));
    assert.deepEqual(
      shown,
      next.map((m) => m.progress),
    );
    await screenshot(host, "milestones-dark");
  });
});
