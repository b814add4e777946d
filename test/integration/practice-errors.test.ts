import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import type { CoachApi } from "../../extension/src/extension.js";
import { practiceDocument } from "../../extension/src/practice/practice-document.js";

const EXTENSION_ID = "digital-twin-coach.digital-twin-interview-coach";
const UNKNOWN_CATEGORY = /"astrology" is not one of: leadership, teamwork/;

async function activated(): Promise<CoachApi> {
  const api = await vscode.extensions.getExtension<CoachApi>(EXTENSION_ID)!.activate();
  await api.connection.start();
  return api;
}

/** Everything the coach has stored; the export's own timestamp left out. */
async function stored(api: CoachApi): Promise<object> {
  const { exportedAt: _exportedAt, ...data } = await api.connection.callTool("export_data");
  return data;
}

/** A category from outside the server is refused with its name and the allowed ones, and nothing is recorded. */
export function practiceErrorTests(): void {
  describe("Practice with a category the coach does not know", () => {
    it("refuses to start a generated practice, without waiting for the notification to close", async () => {
      const api = await activated();
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
      const before = await stored(api);
      const started = await vscode.commands.executeCommand<boolean>("interviewCoach.startPractice", {
        question: "Which star sign leads best?",
        category: "astrology",
        lookFor: "a sign",
      });
      assert.equal(started, false);
      assert.equal(api.practice.lastError?.action, "start a practice");
      assert.match(api.practice.lastError?.message ?? "", /^the practice's category /);
      assert.match(api.practice.lastError?.message ?? "", UNKNOWN_CATEGORY);
      assert.equal(vscode.window.activeTextEditor, undefined, "no answer file opens");
      assert.deepEqual(await stored(api), before);
    });

    it("refuses to submit an answer file whose category marker is unknown, and records nothing", async () => {
      const api = await activated();
      const file = path.join(os.tmpdir(), `coach-unknown-category-${process.pid}.md`);
      const header = {
        questionId: null,
        question: "Which star sign leads best?",
        categoryId: "astrology",
        category: "Astrology",
        lookFor: "a sign",
        suggestedStories: [],
      };
      writeFileSync(
        file,
        `${practiceDocument(header)}In 2023 at Ledgerly I led the payments team through a migration and cut lag from 40 minutes to 5 seconds.\n`,
      );
      await vscode.window.showTextDocument(vscode.Uri.file(file));
      const before = await stored(api);
      assert.equal(await vscode.commands.executeCommand<boolean>("interviewCoach.submitAnswer", { satisfaction: 4 }), false);
      assert.equal(api.practice.lastError?.action, "submit the answer");
      assert.match(api.practice.lastError?.message ?? "", /^the answer file's category /);
      assert.match(api.practice.lastError?.message ?? "", UNKNOWN_CATEGORY);
      assert.deepEqual(await stored(api), before);
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    });
  });
}
