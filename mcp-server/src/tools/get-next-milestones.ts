import { getNextMilestonesInput, getNextMilestonesOutput } from "../contracts/progress.js";
import { MILESTONE_LADDER, milestoneFacts, nextMilestones } from "../domain/milestones.js";
import { milestoneView } from "./milestone-view.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const getNextMilestones = defineTool({
  name: "get_next_milestones",
  title: "Next milestones",
  description:
    "The next milestones to reach (practice counts, sustained accuracy, category and story coverage, streaks, experiments) with target, current value and progress 0–1; achieved ones with their dates.",
  input: getNextMilestonesInput,
  output: getNextMilestonesOutput,
  annotations: READ_ONLY,
  app: "milestones",
  run: async ({ userId, numberOfMilestones }, context) => {
    const { records, trials, achieved } = await context.store.snapshot();
    const facts = milestoneFacts(records, trials, context.utcOffsetMinutes());
    const done = new Set(achieved.map((a) => a.id));
    return {
      userId: userId ?? "local",
      next: nextMilestones(facts, done, numberOfMilestones).map(milestoneView),
      achieved: achieved.flatMap((a) => {
        const definition = MILESTONE_LADDER.find((m) => m.id === a.id);
        return definition
          ? [{ id: a.id, title: definition.title, description: definition.description, achievedAt: new Date(a.achievedAt).toISOString(), value: a.value }]
          : [];
      }),
    };
  },
});
