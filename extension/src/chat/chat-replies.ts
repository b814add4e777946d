/**
 * Turns the MCP server's tool results into what @coach streams: Markdown and command buttons.
 * Every number shown is read from a tool result here; a language model only words the gist.
 * Pure: no vscode, so plain mocha tests it.
 */
import type { ToolResult } from "#contracts/tools.js";
import { verdictWords } from "../protocol/ab-verdict.js";
import { SATISFACTION } from "../practice/practice-record.js";
import { CHAT_COMMANDS } from "./chat-commands.js";
import { COACH_COMMANDS, type AskedQuestion, type CoachMetadata, type RatedAnswer } from "./chat-turns.js";

export { CHAT_COMMANDS };

export type ChatPart = { kind: "markdown"; value: string } | { kind: "button"; title: string; command: string; arguments: unknown[] };

export interface CoachReply {
  /** What happened, in words and without numbers, for a language model to say conversationally. */
  gist: string;
  parts: ChatPart[];
  metadata: CoachMetadata;
}

const md = (...lines: string[]): ChatPart => ({ kind: "markdown", value: lines.join("\n") + "\n\n" });
/** Milestones a record unlocked, named. */
const unlockedSentence = (unlocked: readonly { title: string }[]) =>
  unlocked.length ? ` Milestone${unlocked.length === 1 ? "" : "s"} unlocked: ${unlocked.map((m) => m.title).join(", ")}!` : "";
const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
const categoryTitle = (category: string) => category.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
/** Text from a tool or the person shown inside Markdown without turning into links, headings or tables. */
const plain = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, "\\$1");

export function askedReply(result: ToolResult<"practice_question">, askedAt: string): CoachReply {
  const { question } = result;
  const asked: AskedQuestion = { questionId: question.id, question: question.text, category: question.category, lookFor: question.lookFor, askedAt };
  const stories = result.suggestedStoryIds.length ? [`Stories that fit: ${result.suggestedStoryIds.map((id) => `\`${id}\``).join(", ")}.`] : [];
  return {
    gist: `The coach picked a ${categoryTitle(question.category)} question for the person to answer in their next message.`,
    parts: [
      md(`**${categoryTitle(question.category)} question:** ${plain(question.text)}`),
      md(
        ...[result.explanation ? `_Why this one:_ ${plain(result.explanation)}` : "", `_What it probes:_ ${plain(question.lookFor)}`, ...stories].filter(
          Boolean,
        ),
      ),
      md("Reply with your answer in your next message; the rubric scores it and you rate how it felt before it is recorded."),
    ],
    metadata: { kind: "asked", asked },
  };
}

export function scoredReply(asked: AskedQuestion, answer: string, evaluation: ToolResult<"evaluate_response">, responseTime: number): CoachReply {
  const dimensions = Object.entries(evaluation.dimensions).map(([name, score]) => `| ${name} | ${score} |`);
  const strengths = evaluation.feedback.filter((f) => f.kind === "strength");
  const improve = evaluation.feedback.filter((f) => f.kind === "improve");
  const line = (f: (typeof evaluation.feedback)[number]) => `- **${f.dimension}**: ${plain(f.message)}${f.quote ? ` (“${plain(f.quote)}”)` : ""}`;
  const stories = evaluation.recognisedStories.map((s) => `${plain(s.title)} (${percent(s.overlap)} overlap)`);
  const rate = (value: number, label: string): ChatPart => {
    const rated: RatedAnswer = { asked, answer, responseTime, satisfaction: value };
    return { kind: "button", title: label, command: CHAT_COMMANDS.recordPractice, arguments: [rated] };
  };
  return {
    gist: `The rubric scored the person's answer as ${evaluation.band}; it lists ${strengths.length ? "strengths and " : ""}what to improve.`,
    parts: [
      md(`**Rubric score: ${evaluation.overall}/100 (${evaluation.band})**, answered in ${responseTime} s.`),
      md("| Dimension | Score |", "|---|---|", ...dimensions),
      ...(strengths.length ? [md("**Strengths**", ...strengths.map(line))] : []),
      ...(improve.length ? [md("**To improve**", ...improve.map(line))] : []),
      ...(stories.length ? [md(`Stories recognised: ${stories.join(", ")}.`)] : []),
      md("How did the answer feel? Your rating records this practice and schedules the question's next review:"),
      ...SATISFACTION.map((s) => rate(s.value, s.label)),
    ],
    metadata: { kind: "scored" },
  };
}

/** The line shown once a rated chat answer is recorded. */
export function recordedMessage(evaluation: ToolResult<"evaluate_response">, recorded: ToolResult<"record_performance">, responseTime: number): string {
  const due = recorded.card ? ` Next review ${recorded.card.due.slice(0, 10)}.` : "";
  return `recorded ${evaluation.overall}/100 in ${responseTime} s from the chat.${due}`;
}

export function abReply(result: ToolResult<"run_ab_test">): CoachReply {
  const { control, test } = result;
  const words = verdictWords(result, control.variantId, test.variantId);
  const outcome = result.outcome === "tie" ? "a tie" : `${result.outcome === "test" ? test.variantId : control.variantId} won`;
  const drafted = [control.source, test.source].includes("template")
    ? "drafted by the template composer from your stories"
    : `drafted (${control.source}, ${test.source})`;
  const comparison = {
    question: result.question,
    ...(result.questionId ? { questionId: result.questionId } : {}),
    controlVariantId: control.variantId,
    testVariantId: test.variantId,
    controlResponse: control.response,
    testResponse: test.response,
    source: control.source,
  };
  return {
    gist: `An A/B trial between two answer strategies on the person's question ended in ${result.outcome === "tie" ? "a tie" : "a win for one of them"}; the verdict so far is "${words.headline.replace(/[\d.]+/g, "").trim()}".`,
    parts: [
      md(`**A/B trial on:** ${plain(result.question)}`),
      md(
        "| Strategy | Rubric score | Band |",
        "|---|---|---|",
        `| ${control.variantId} (control) | ${control.evaluation.overall} | ${control.evaluation.band} |`,
        `| ${test.variantId} (test) | ${test.evaluation.overall} | ${test.evaluation.band} |`,
      ),
      md(
        `This trial: ${outcome}, judged by the ${result.judgedBy}; both answers ${drafted}.${result.countedAsNew ? "" : " These two answers were judged before, so this judgment replaced that one."}`,
        "",
        `Over ${result.tally.trials} trials (${control.variantId} ${result.tally.controlWins}, ${test.variantId} ${result.tally.testWins}, ties ${result.tally.ties}): chance ${test.variantId} is better ${percent(result.probabilityTestBetter)}; ${words.headline}${words.detail ? ` (${words.detail})` : ""}${words.risk ? `; ${words.risk}` : ""}.${unlockedSentence(result.unlockedMilestones)}`,
      ),
      md("Read both answers side by side and pick the better one yourself; your pick replaces the rubric's judgment of this pair."),
      { kind: "button", title: "Open both answers in the diff editor", command: CHAT_COMMANDS.openComparison, arguments: [comparison] },
      { kind: "button", title: "Compare other strategies…", command: CHAT_COMMANDS.compareStrategies, arguments: [] },
    ],
    metadata: { kind: "ab", abQuestion: result.question },
  };
}

export function reportReply(report: ToolResult<"get_analytics_report">): CoachReply {
  const { current, change } = report;
  if (current.empty) {
    return {
      gist: `The person has not practised in this ${report.period} window yet.`,
      parts: [
        md(`**${categoryTitle(report.period)} report:** no practice recorded from ${current.from.slice(0, 10)} to ${current.to.slice(0, 10)}.`),
        ...recommendationLines(report),
      ],
      metadata: { kind: "report" },
    };
  }
  const points = (delta: number | null) => (delta === null ? "" : ` (${delta >= 0 ? "+" : ""}${Math.round(delta * 100)} points)`);
  const rows = [
    `| Attempts | ${current.attempts}${change ? ` (${change.attempts >= 0 ? "+" : ""}${change.attempts})` : ""} |`,
    ...(current.accuracy === null ? [] : [`| Accuracy | ${percent(current.accuracy)}${points(change?.accuracy ?? null)} |`]),
    ...(current.storyCoverage === null ? [] : [`| Story coverage | ${percent(current.storyCoverage)}${points(change?.storyCoverage ?? null)} |`]),
    ...(current.satisfaction === null ? [] : [`| Satisfaction | ${current.satisfaction.toFixed(1)} of 5 |`]),
    ...(current.responseTime === null ? [] : [`| Response time (median) | ${Math.round(current.responseTime.p50)} s |`]),
    `| Streak | ${report.streakDays} day${report.streakDays === 1 ? "" : "s"} |`,
  ];
  const weakest = report.weakestCategory
    ? [
        md(
          `Weakest category: **${categoryTitle(report.weakestCategory.category)}**, ${percent(report.weakestCategory.accuracy)} accuracy over ${report.weakestCategory.attempts} attempts.`,
        ),
      ]
    : [];
  return {
    gist: `The person's ${report.period} practice report${report.weakestCategory ? `; their weakest category is ${categoryTitle(report.weakestCategory.category)}` : ""}.`,
    parts: [
      md(`**${categoryTitle(report.period)} report** (${current.from.slice(0, 10)} to ${current.to.slice(0, 10)}, change against the window before):`),
      md("| Measure | Value |", "|---|---|", ...rows),
      ...weakest,
      ...recommendationLines(report),
      { kind: "button", title: "Open the dashboard", command: CHAT_COMMANDS.dashboard, arguments: [] },
    ],
    metadata: { kind: "report" },
  };
}

function recommendationLines(report: ToolResult<"get_analytics_report">): ChatPart[] {
  if (!report.recommendations.length) return [];
  return [md("**Suggestions**", ...report.recommendations.map((r) => `- ${plain(r.message)} _(${r.priority})_`))];
}

export function nextReply(recommendations: ToolResult<"get_personalized_recommendations">, milestones: ToolResult<"get_next_milestones">): CoachReply {
  const steps = recommendations.recommendations.map((r) => `${r.rank}. **${plain(r.title)}**: ${plain(r.reason)}`);
  const goals = milestones.next.map((m) => `- **${plain(m.title)}**: ${plain(m.description)} (${m.current} of ${m.target}, ${percent(m.progress)})`);
  return {
    gist: `The coach ranked the person's next steps${goals.length ? " and the milestones closest to reach" : ""}.`,
    parts: [
      md("**Next steps**", ...(steps.length ? steps : ["Nothing to suggest yet: practise a question first."])),
      ...(goals.length ? [md("**Milestones within reach**", ...goals)] : []),
    ],
    metadata: { kind: "next" },
  };
}

export function helpReply(): CoachReply {
  const described: Record<(typeof COACH_COMMANDS)[number], string> = {
    practice: "asks the next question due; your next message is the answer, scored by the rubric (add a category to choose one)",
    ab: "runs an A/B trial of two answer strategies on a question (yours, or the next one due)",
    report: "your practice report (daily, weekly or monthly)",
    next: "what to work on next, and the milestones closest to reach",
  };
  return {
    gist: "The person asked @coach something without a command; the coach lists what it can do.",
    parts: [md("I am your interview coach. Try:", ...COACH_COMMANDS.map((c) => `- \`/${c}\`: ${described[c]}`))],
    metadata: { kind: "help" },
  };
}

export function errorReply(message: string): CoachReply {
  return { gist: "", parts: [md(plain(message))], metadata: { kind: "error" } };
}

/** Says, under a reply, that no model worded it; the reason is the model's or ours. */
export function plainWordingNote(reason: string): ChatPart {
  return md(`_Plain wording: ${plain(reason)} Every number above comes from the coach's own tools._`);
}
