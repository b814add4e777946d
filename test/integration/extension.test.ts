import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as vscode from "vscode";
import type { CoachApi } from "../../extension/src/extension.js";
import type { ConnectionState } from "../../extension/src/mcp/server-connection.js";

const EXTENSION_ID = "digital-twin-coach.digital-twin-interview-coach";

async function activated(): Promise<CoachApi> {
  const extension = vscode.extensions.getExtension<CoachApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

function until(api: CoachApi, wanted: ConnectionState["kind"], timeoutMs = 20_000): Promise<ConnectionState> {
  if (api.connection.current.kind === wanted) return Promise.resolve(api.connection.current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connection stayed ${api.connection.current.kind}`)), timeoutMs);
    const sub = api.connection.onDidChangeState((s) => {
      if (s.kind !== wanted) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

const JUDGED_ANSWER =
  "In 2023 at Ledgerly our payouts API timed out during peak hours. My goal was to fix it before Black Friday. I profiled the service, I found a missing index, and I rolled out the fix behind a flag. As a result, p99 latency fell from 1.8 s to 320 ms and timeouts dropped by 95%.";

/** A language model that grades every dimension at `score`, quoting `quote`: the judge must check the quote. */
function gradingModel(quote: string, score: number): vscode.LanguageModelChat {
  const dimensions = Object.fromEntries(
    ["structure", "relevance", "specificity", "ownership", "conciseness", "clarity"].map((d) => [d, { score, quote, reason: "as quoted" }]),
  );
  const reply = "```json\n" + JSON.stringify({ dimensions }) + "\n```";
  return {
    id: "test-grader",
    name: "Test Grader",
    vendor: "tests",
    family: "grader",
    version: "1",
    maxInputTokens: 100_000,
    countTokens: async (text: string | vscode.LanguageModelChatMessage) => String(text).length,
    sendRequest: async () => ({
      text: (async function* () {
        yield reply.slice(0, 40);
        yield reply.slice(40);
      })(),
      stream: (async function* () {})(),
    }),
  } as unknown as vscode.LanguageModelChat;
}

/** Registered by the bundled entry once mocha's globals exist. */
export function extensionTests(): void {
  describe("Interview Coach in a real VS Code", () => {
    it("activates and registers every contributed command", async () => {
      await activated();
      const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
      const registered = new Set(await vscode.commands.getCommands(true));
      for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
    });

    it("opens the getting-started walkthrough", async () => {
      await activated();
      await vscode.commands.executeCommand("interviewCoach.getStarted");
      const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
      assert.ok(
        tabs.some((label) => /welcome|walkthrough|get started/i.test(label)),
        `a walkthrough tab is open (tabs: ${tabs.join(", ")})`,
      );
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    });

    it("spawns the bundled server and lists its tools", async () => {
      const api = await activated();
      const client = await api.connection.start();
      const { tools } = await client.listTools();
      for (const name of ["run_ab_test", "evaluate_response", "record_performance", "get_next_milestones"])
        assert.ok(
          tools.some((t) => t.name === name),
          name,
        );
      assert.equal(api.connection.current.kind, "ready");
    });

    it("brings a killed server back within seconds", async () => {
      const api = await activated();
      await api.connection.start();
      const pid = api.connection.pid!;
      process.kill(pid, "SIGKILL");
      await until(api, "error");
      const ready = await until(api, "ready");
      assert.ok(ready.kind === "ready" && ready.pid !== pid);
      const { variants } = await api.connection.callTool("list_variants");
      assert.ok(variants.length >= 4);
    });

    it("resolves the sidebar's webview views when the container opens", async () => {
      const api = await activated();
      await vscode.commands.executeCommand("workbench.view.extension.interviewCoach");
      const deadline = Date.now() + 15_000;
      while (!api.views.every((v) => v.resolved) && Date.now() < deadline) {
        for (const view of api.views.filter((v) => !v.resolved)) await vscode.commands.executeCommand(`${view.viewId}.focus`);
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.deepEqual(
        api.views.filter((v) => !v.resolved).map((v) => v.viewId),
        [],
        "every view resolved",
      );
    });

    it("opens the twin profile in an editor", async () => {
      await activated();
      await vscode.commands.executeCommand("interviewCoach.openTwinProfile");
      const editor = vscode.window.activeTextEditor;
      assert.ok(editor, "an editor is open");
      assert.match(editor.document.fileName, /twin\.md$/);
      assert.ok(existsSync(editor.document.fileName));
      assert.match(editor.document.getText(), /## Story:/);
    });
  });
}

/** The practice flow end to end: start, answer, submit, scored, recorded, scheduled. */
export function practiceTests(): void {
  describe("Practice flow", () => {
    it("starts a practice, submits an answer, and records it with the card scheduled", async () => {
      const api = await activated();
      await api.connection.start();
      const started = await vscode.commands.executeCommand<boolean>("interviewCoach.startPractice");
      assert.equal(started, true);
      const editor = vscode.window.activeTextEditor!;
      assert.match(editor.document.getText(), /<!-- interview-coach question: [\w-]+ -->/);
      const answer =
        "In 2023 at Ledgerly our payouts API timed out during peak hours. My goal was to fix it before Black Friday. I profiled the service, I found a missing index, and I rolled out the fix behind a flag. As a result, p99 latency fell from 1.8 s to 320 ms and timeouts dropped by 95%.";
      await editor.edit((edit) => edit.insert(editor.document.positionAt(editor.document.getText().length), answer));
      const before = await api.connection.callTool("export_data");
      const submitted = await vscode.commands.executeCommand<boolean>("interviewCoach.submitAnswer", { satisfaction: 4 });
      assert.equal(submitted, true);
      const after = await api.connection.callTool("export_data");
      assert.equal(after.performance.length, before.performance.length + 1);
      assert.equal(after.performance.at(-1)!.satisfaction, 4);
      assert.ok(after.practiceCards.length >= 1);
      const problems = vscode.languages.getDiagnostics(editor.document.uri);
      assert.ok(
        problems.some((d) => d.source === "Interview Coach rubric"),
        "rubric feedback shows as problems on the answer",
      );
    });

    it("with the model judge on, shows a model's grade beside the rubric's and stores it next to it", async () => {
      const api = await activated();
      await api.connection.start();
      const config = vscode.workspace.getConfiguration("interviewCoach");
      await config.update("modelJudge.enabled", true, vscode.ConfigurationTarget.Global);
      const previousSource = api.practice.modelSource;
      try {
        api.practice.modelSource = async () => gradingModel("I profiled the service", 97);
        assert.equal(await vscode.commands.executeCommand<boolean>("interviewCoach.startPractice"), true);
        const editor = vscode.window.activeTextEditor!;
        await editor.edit((edit) => edit.insert(editor.document.positionAt(editor.document.getText().length), JUDGED_ANSWER));
        assert.equal(await vscode.commands.executeCommand<boolean>("interviewCoach.submitAnswer", { satisfaction: 3 }), true);
        const exported = await api.connection.callTool("export_data");
        const last = exported.performance.at(-1)!;
        assert.deepEqual([last.judged_by, last.model_judge, last.model_score], ["rubric", "Test Grader", 97]);
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", editor.document.uri);
        const rubric = Math.round(Number(last.accuracy) * 100);
        const expected = Math.abs(97 - rubric) > 15 ? `disagree by ${Math.abs(97 - rubric)} points` : `agree within ${Math.abs(97 - rubric)}`;
        assert.ok(
          lenses.some((lens) => lens.command?.title.includes(`Rubric ${rubric} · Test Grader 97: ${expected}`)),
          `lens titles: ${lenses.map((l) => l.command?.title).join(" | ")}`,
        );

        // A model that cannot quote the answer is not believed: nothing of its grade is stored.
        api.practice.modelSource = async () => gradingModel("words the candidate never said", 10);
        assert.equal(await vscode.commands.executeCommand<boolean>("interviewCoach.startPractice"), true);
        const second = vscode.window.activeTextEditor!;
        await second.edit((edit) => edit.insert(second.document.positionAt(second.document.getText().length), JUDGED_ANSWER));
        assert.equal(await vscode.commands.executeCommand<boolean>("interviewCoach.submitAnswer", { satisfaction: 3 }), true);
        const after = await api.connection.callTool("export_data");
        assert.deepEqual([after.performance.at(-1)!.model_judge, after.performance.at(-1)!.model_score], [null, null]);
        const rejected = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", second.document.uri);
        assert.ok(rejected.some((lens) => lens.command?.title.includes("model judge: grade not used")));
      } finally {
        api.practice.modelSource = previousSource;
        await config.update("modelJudge.enabled", undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });
}

/** The in-editor A/B comparison: two read-only drafts in VS Code's diff editor, the pick recorded as a trial. */
export function compareTests(): void {
  describe("Compare strategies in the diff editor", () => {
    it("opens two virtual documents in a diff and records the person's preference", async () => {
      const api = await activated();
      const connection = api.connection;
      const question = "Tell me about a time you disagreed with a product manager.";
      const draft = (variantId: string) => connection.callTool("generate_response", { question, variantId });
      const [left, right] = await Promise.all([draft("concise"), draft("star-focused")]);
      await api.compare.openComparison({
        question,
        controlVariantId: "concise",
        testVariantId: "star-focused",
        controlResponse: left.response,
        testResponse: right.response,
        source: "template",
      });
      const drafts = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === "interview-coach-draft");
      assert.ok(drafts.some((d) => d.getText() === left.response) && drafts.some((d) => d.getText() === right.response), "both drafts are open as documents");
      assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, "interview-coach-draft");
      const before = await connection.callTool("export_data");
      const verdict = await vscode.commands.executeCommand<{ tally: { trials: number }; unlockedMilestones: { title: string }[] } | null>(
        "interviewCoach.preferRight",
      );
      assert.ok(verdict && verdict.tally.trials >= 1);
      if (before.trials.length === 0)
        assert.deepEqual(
          verdict.unlockedMilestones.map((m) => m.title),
          ["First A/B trial"],
          "the first preference unlocks the first-trial milestone",
        );
      const after = await connection.callTool("export_data");
      assert.equal(after.trials.length, before.trials.length + 1);
      assert.deepEqual([after.trials.at(-1)!.judged_by, after.trials.at(-1)!.outcome, after.trials.at(-1)!.test_source], ["person", "test", "template"]);
    });
  });
}

/** Export, report and delete from the command palette. */
export function dataTests(): void {
  describe("Data commands", () => {
    it("shows the analytics report, exports everything, and deletes only when confirmed", async () => {
      const api = await activated();
      await api.connection.callTool("record_performance", { accuracy: 0.7, storyCoverage: 0.5, satisfaction: 4, responseTime: 80, category: "teamwork" });
      assert.equal(await vscode.commands.executeCommand("interviewCoach.showAnalyticsReport", "weekly"), true);
      const report = vscode.window.activeTextEditor!.document;
      assert.match(report.getText(), /# Interview practice: last 7 days[\s\S]*\| Attempts \| \d+ \|/);
      assert.equal(report.uri.scheme, "interview-coach-report");
      assert.equal(report.isDirty, false, "a read-only report has nothing to save");
      const { mkdtempSync, readFileSync } = await import("node:fs");
      const { tmpdir } = await import("node:os");
      const file = vscode.Uri.file(`${mkdtempSync(`${tmpdir()}/coach-export-`)}/export.json`);
      assert.equal(await vscode.commands.executeCommand("interviewCoach.exportData", file), true);
      const exported = JSON.parse(readFileSync(file.fsPath, "utf8")) as { performance: unknown[] };
      assert.ok(exported.performance.length >= 1);
      assert.equal(await vscode.commands.executeCommand("interviewCoach.deleteAllData", { confirmed: true }), true);
      const after = await api.connection.callTool("export_data");
      assert.deepEqual([after.performance.length, after.trials.length], [0, 0]);
    });
  });
}

const POSTING = `Senior Frontend Engineer

Requirements
- 5+ years of experience building web applications.
- Strong React and TypeScript.
- Experience with Kafka-backed event streams.
- Mentor other engineers.

Nice to have
- Terraform.`;

/** Analyze Job Description on an editor, the Job Fit view, and the target role it saves. */
export function jobFitTests(): void {
  describe("Job fit", () => {
    it("analyses the selected posting, shows it in the Job Fit view, and saves it as the target role that practice then favours", async () => {
      const api = await activated();
      await api.connection.start();
      const document = await vscode.workspace.openTextDocument({ language: "markdown", content: `Notes above the posting.\n\n${POSTING}\n\nNotes below.` });
      const editor = await vscode.window.showTextDocument(document);
      const start = document.positionAt(document.getText().indexOf("Senior Frontend"));
      const end = document.positionAt(document.getText().indexOf("\n\nNotes below."));
      editor.selection = new vscode.Selection(start, end);
      const fit = await vscode.commands.executeCommand<{ requirements: { id: string }[]; gaps: { name: string }[]; role: string | null }>(
        "interviewCoach.analyzeJobDescription",
        {
          role: "Senior Frontend Engineer",
          company: "Acme",
        },
      );
      assert.ok(fit, "the command answers the analysis");
      const ids = fit.requirements.map((r) => r.id);
      for (const id of ["skill:react", "skill:typescript", "skill:kafka", "competency:mentoring", "seniority:5+-years-of-experience", "skill:terraform"])
        assert.ok(ids.includes(id), `${id} in ${ids.join(", ")}`);
      assert.ok(!ids.some((id) => /notes/i.test(id)));
      assert.ok(
        fit.gaps.some((g) => g.name === "React"),
        "React is a gap for the sample twin",
      );
      const jobFitView = api.views.find((v) => v.viewId === "interviewCoach.jobFit")!;
      assert.ok(jobFitView.resolved, "the Job Fit view is shown");

      const shown = await api.jobFit.state();
      assert.equal(shown.analysis?.role, "Senior Frontend Engineer");
      assert.equal(shown.saved, false);
      const saved = await api.jobFit.saveTarget();
      assert.equal(saved.saved, true);
      const next = await api.connection.callTool("practice_question");
      assert.equal(next.reason, "target-role");
      assert.match(next.explanation, /Senior Frontend Engineer at Acme/);
      await api.connection.callTool("set_target_role", { clear: true });
      assert.equal((await api.jobFit.state()).saved, false);
    });

    it("practises a question generated from the posting, recorded under its category without a bank card", async () => {
      const api = await activated();
      await api.connection.start();
      const fit = await api.jobFit.analyze({ text: POSTING, role: "Senior Frontend Engineer", company: "Acme" });
      const generated = fit?.practice.find((p) => p.source === "generated");
      assert.ok(generated, "the practice set holds a question generated from the posting");
      const started = await vscode.commands.executeCommand<boolean>("interviewCoach.startPractice", {
        question: generated.question,
        category: generated.category,
        lookFor: generated.lookFor,
      });
      assert.equal(started, true);
      const editor = vscode.window.activeTextEditor!;
      assert.match(editor.document.getText(), new RegExp(`<!-- interview-coach question: generated category: ${generated.category} -->`));
      const answer =
        "In 2023 at Ledgerly I moved our payments queue from RabbitMQ to Kafka. My goal was to remove the nightly backlog. I mapped every consumer, I wrote a dual-publish shim, and I cut over one service a day. As a result, peak lag fell from 40 minutes to under 5 seconds.";
      await editor.edit((edit) => edit.insert(editor.document.positionAt(editor.document.getText().length), answer));
      const before = await api.connection.callTool("export_data");
      assert.equal(await vscode.commands.executeCommand<boolean>("interviewCoach.submitAnswer", { satisfaction: 4 }), true);
      const after = await api.connection.callTool("export_data");
      assert.equal(after.performance.length, before.performance.length + 1);
      assert.equal(after.performance.at(-1)!.category, generated.category);
      assert.equal(after.performance.at(-1)!.question_id, null);
      assert.equal(after.practiceCards.length, before.practiceCards.length, "no bank card for a generated question");
    });

    it("explains what to do when there is no posting to read", async () => {
      const api = await activated();
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      assert.equal(await vscode.commands.executeCommand("interviewCoach.analyzeJobDescription", { role: "", company: "" }), null);
      assert.equal(await api.jobFit.analyze({ text: "   ", role: "", company: "" }), null);
    });
  });
}
