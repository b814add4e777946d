import * as vscode from "vscode";

export interface UnlockedMilestone {
  title: string;
}

const SHOW_MILESTONES = "Show Milestones";

/** The sentence appended to a confirmation when a record unlocked milestones; empty otherwise. */
export function unlockedSentence(unlocked: readonly UnlockedMilestone[]): string {
  if (!unlocked.length) return "";
  const titles = unlocked.map((m) => m.title).join(", ");
  return unlocked.length === 1 ? ` Milestone unlocked: ${titles}!` : ` Milestones unlocked: ${titles}!`;
}

/** Shows a confirmation; when it unlocked milestones it names them and offers to open the Milestones view. */
export function announce(message: string, unlocked: readonly UnlockedMilestone[], ...actions: string[]): Thenable<string | undefined> {
  const offered = unlocked.length ? [...actions, SHOW_MILESTONES] : actions;
  return vscode.window.showInformationMessage(`Interview Coach: ${message}${unlockedSentence(unlocked)}`, ...offered).then(async (choice) => {
    if (choice === SHOW_MILESTONES) await vscode.commands.executeCommand("interviewCoach.milestones.focus");
    return choice;
  });
}
