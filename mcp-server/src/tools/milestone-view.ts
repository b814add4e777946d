import type { MilestoneProgress } from "../domain/milestones.js";

export function milestoneView(m: MilestoneProgress) {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    description: m.description,
    target: m.target,
    ...(m.window === undefined ? {} : { window: m.window }),
    current: m.current,
    progress: m.progress,
  };
}
