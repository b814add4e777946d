import * as vscode from "vscode";

export const GET_STARTED_COMMAND = "interviewCoach.getStarted";
const WALKTHROUGH = "interviewCoach.gettingStarted";

/** What changed the person's data; the views refresh on any of them. */
export type DataChange = "practice recorded" | "A/B trial recorded" | "preference recorded" | "all data deleted" | "job analysed" | "target role changed";

// The walkthrough's steps complete on these context keys (package.json completionEvents).
const STEP_KEYS: Partial<Record<DataChange, string>> = {
  "practice recorded": "interviewCoach.practiceRecorded",
  "A/B trial recorded": "interviewCoach.trialRecorded",
  "preference recorded": "interviewCoach.preferenceRecorded",
};

/** Ticks off the walkthrough step a change completes, if any. */
export function markWalkthroughProgress(change: DataChange): void {
  const key = STEP_KEYS[change];
  if (key) void vscode.commands.executeCommand("setContext", key, true);
}

/** "Interview Coach: Get Started" opens the walkthrough from the sample twin to a first A/B test. */
export function registerWalkthrough(extensionId: string): vscode.Disposable {
  return vscode.commands.registerCommand(GET_STARTED_COMMAND, () =>
    vscode.commands.executeCommand("workbench.action.openWalkthrough", `${extensionId}#${WALKTHROUGH}`, false),
  );
}
