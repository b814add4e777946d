import { writeFileSync } from "node:fs";
import * as vscode from "vscode";
import { reportError } from "./commands.js";
import type { ServerConnection } from "./mcp/server-connection.js";
import type { Period } from "#contracts/progress.js";

export const DATA_COMMANDS = {
  exportData: "interviewCoach.exportData",
  deleteAllData: "interviewCoach.deleteAllData",
  showAnalyticsReport: "interviewCoach.showAnalyticsReport",
  runAbTest: "interviewCoach.runAbTest",
} as const;

interface ReportWindow {
  attempts: number;
  accuracy: number | null;
  storyCoverage: number | null;
  satisfaction: number | null;
  responseTime: { p50: number; p90: number } | null;
}

interface Report {
  period: Period;
  current: ReportWindow;
  previous: ReportWindow;
  weakestCategory: { category: string; accuracy: number; attempts: number } | null;
  streakDays: number;
  recommendations: { priority: string; message: string }[];
}

const pct = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);
const rating = (v: number | null) => (v === null ? "–" : `${v.toFixed(1)} / 5`);
const times = (t: ReportWindow["responseTime"]) => (t ? `${Math.round(t.p50)} s / ${Math.round(t.p90)} s` : "–");

/** The report as a Markdown document a person can read, keep or paste. */
export function reportMarkdown(report: Report, label: string): string {
  const { current, previous } = report;
  const lines = [
    `# Interview practice: ${label.toLowerCase()}`,
    "",
    "| | This period | Previous |",
    "|---|---|---|",
    `| Attempts | ${current.attempts} | ${previous.attempts} |`,
    `| Mean accuracy | ${pct(current.accuracy)} | ${pct(previous.accuracy)} |`,
    `| Story coverage | ${pct(current.storyCoverage)} | ${pct(previous.storyCoverage)} |`,
    `| Satisfaction | ${rating(current.satisfaction)} | ${rating(previous.satisfaction)} |`,
    `| Response time p50 / p90 | ${times(current.responseTime)} | ${times(previous.responseTime)} |`,
    "",
    `Weakest category: ${report.weakestCategory ? `${report.weakestCategory.category} (${pct(report.weakestCategory.accuracy)} over ${report.weakestCategory.attempts})` : "–"}. Streak: ${report.streakDays} day(s).`,
    "",
    "## Recommendations",
    "",
    ...(report.recommendations.length
      ? report.recommendations.map((r) => `- **${r.priority}**: ${r.message}`)
      : ["- None: nothing in the numbers calls for a change."]),
    "",
  ];
  return lines.join("\n");
}

/** Reports open as read-only documents: nothing to save, nothing lost on close. */
const REPORT_SCHEME = "interview-coach-report";
const reports = new Map<string, string>();

export function registerDataCommands(connection: () => ServerConnection, log: vscode.OutputChannel, onDeleted: () => void): vscode.Disposable[] {
  return [
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? "This report is no longer available: run the command again.",
    }),
    vscode.commands.registerCommand(DATA_COMMANDS.exportData, async (target?: vscode.Uri) => {
      try {
        const uri =
          target ??
          (await vscode.window.showSaveDialog({
            title: "Export all interview practice data",
            saveLabel: "Export",
            filters: { JSON: ["json"] },
            defaultUri: vscode.Uri.file("interview-coach-export.json"),
          }));
        if (!uri) return false;
        const data = await connection().callTool("export_data");
        writeFileSync(uri.fsPath, `${JSON.stringify(data, null, 2)}\n`);
        void vscode.window.showInformationMessage(`Interview Coach: exported your practice data to ${uri.fsPath}.`);
        return true;
      } catch (error) {
        await reportError("export your data", error, log);
        return false;
      }
    }),
    vscode.commands.registerCommand(DATA_COMMANDS.deleteAllData, async (options?: { confirmed?: boolean }) => {
      const confirmed =
        options?.confirmed === true ||
        (await vscode.window.showWarningMessage(
          "Delete all interview practice data? Every practice record, A/B trial, practice schedule and milestone is removed for good. Your twin file is kept.",
          { modal: true, detail: 'Run "Interview Coach: Export Data" first to keep a copy.' },
          "Delete All Data",
        )) === "Delete All Data";
      if (!confirmed) return false;
      try {
        const { deleted } = await connection().callTool("delete_all_data", { confirm: "DELETE" });
        onDeleted();
        void vscode.window.showInformationMessage(
          `Interview Coach: deleted ${deleted.performance} practice records, ${deleted.trials} trials and ${deleted.milestones} milestones.`,
        );
        return true;
      } catch (error) {
        await reportError("delete your data", error, log);
        return false;
      }
    }),
    vscode.commands.registerCommand(DATA_COMMANDS.showAnalyticsReport, async (period?: Period) => {
      const options: { label: string; period: Period }[] = [
        { label: "Last 24 hours", period: "daily" },
        { label: "Last 7 days", period: "weekly" },
        { label: "Last 30 days", period: "monthly" },
      ];
      const choice = period ? options.find((o) => o.period === period) : await vscode.window.showQuickPick(options, { title: "Analytics report for…" });
      if (!choice) return false;
      try {
        const report = await connection().callTool("get_analytics_report", { period: choice.period });
        const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/Interview practice, ${choice.label.toLowerCase()}.md`, query: String(Date.now()) });
        reports.set(uri.toString(), reportMarkdown(report, choice.label));
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
        return true;
      } catch (error) {
        await reportError("show the analytics report", error, log);
        return false;
      }
    }),
    vscode.commands.registerCommand(DATA_COMMANDS.runAbTest, () => vscode.commands.executeCommand("interviewCoach.abRunner.focus")),
  ];
}
