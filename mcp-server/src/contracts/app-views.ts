/** The dashboards a tool can open in a chat host, each a view of the one built page. */
export const APP_VIEWS = {
  dashboard: { title: "Analytics dashboard", description: "Accuracy, story coverage, satisfaction and response-time gauges with the accuracy trend" },
  abTrial: {
    title: "A/B trial",
    description: "The two answers side by side with their rubric scores, the pair's tally and the chance the test strategy is better",
  },
  milestones: { title: "Milestones", description: "Progress toward the next milestones and the ones reached" },
  recommendations: { title: "Recommendations", description: "Ranked recommendations with the evidence behind them; practise a recommended question from here" },
  practice: { title: "Practice", description: "A question to answer, scored by the rubric, and recorded with how satisfied you were" },
} as const;

export type AppView = keyof typeof APP_VIEWS;
