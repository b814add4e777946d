/** The commands chat replies' buttons run; registered while the extension activates, before any chat has loaded. */
export const CHAT_COMMANDS = {
  recordPractice: "interviewCoach.chat.recordPractice",
  openComparison: "interviewCoach.chat.openComparison",
  compareStrategies: "interviewCoach.compareStrategies",
  dashboard: "interviewCoach.dashboard.focus",
} as const;
