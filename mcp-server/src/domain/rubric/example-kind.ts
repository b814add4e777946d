/**
 * What kind of example a question asks for, and whether the answer tells one. Relevance is
 * answering what was asked: a question about a failure wants something that went wrong, a
 * question about a conflict wants a disagreement; repeating the question's words is not it.
 */
import { HYPOTHETICAL_PATTERNS } from "./lexicon.js";
import { findPatterns } from "./text.js";

export type ExampleKind = "failure" | "conflict" | "persuasion" | "learning" | "bug" | "decision" | "fit";

/** Checked in order: "a decision your team didn't agree with" asks for the disagreement. */
const ASKS: readonly [ExampleKind, RegExp][] = [
  ["failure", /\b(fail(ed|ure)?|mistakes?|went wrong|did(n'?t| not) go (the way|as)|regret|setback|wrong call)\b/i],
  [
    "conflict",
    /\b(disagree(d|ment)?|conflict|push(ed)? back|tension|difficult (colleague|person|conversation|stakeholder)|clash(ed)?|did(n'?t| not) agree)\b/i,
  ],
  ["persuasion", /\b(persuad\w*|convinc\w*|influenc\w*|change (his|her|their|someone's|somebody's) mind|win (over|support)|buy-in)\b/i],
  [
    "learning",
    /\b(learn(ed|t)? (something|a new|quickly|fast)|(new|unfamiliar) (skill|technology|language|tool|domain|area)|outside your (comfort|expertise))\b/i,
  ],
  ["bug", /\b(bugs?|debug\w*|incidents?|outages?|production (issue|problem)|root cause)\b/i],
  ["decision", /\b(decision|decide|choice|trade-?offs?)\b/i],
  ["fit", /\bwhy (do you want|are you (interested|applying)|this (role|company|job)|us\b|here\b)|\bwhat (attracts|draws|interests|excites) you\b/i],
];

/** Signs that the answer's story holds the kind asked for; the bare word "failure" in a claim ("my biggest failure is…") is not one. */
const SHOWS: Record<ExampleKind, RegExp> = {
  failure:
    /\b(mistake|my fault|went wrong|broke|broken|roll(ed)? (it )?back|outage|missed|wrong|regret|lost|apologi[sz]ed|should have|did(n'?t| not) work|crash(ed|es)?|failed|locked|late|blamed|disappointed|stopped working)\b/i,
  conflict:
    /\b(disagree(d|ment)?|conflict|push(ed)? back|objected|argu(ed|ing|ment)|tension|tense|did(n'?t| not) agree|frustrat(ed|ing)|opposed|resist(ed|ance)|sceptical|skeptical|against|strong opinions|(?:weren't|wasn't|were not|was not) happy|unhappy|upset|stopped (?:speaking|talking)|fell out|falling out|at odds|friction|clash(?:ed)?|both had a point)\b/i,
  persuasion:
    /\b(agreed|convinced|persuaded|changed (his|her|their) mind|came (round|around)|won (him|her|them|people) over|buy-in|signed off|approved|go-ahead|on board|sceptical|skeptical)\b/i,
  learning:
    /\b(never (used|written|done|worked|built)|new to|no experience|first time|had to learn|learn(ed|t|ing)|read (up|the|through)|course|tutorial|did(n'?t| not) know|unfamiliar|taught myself)\b/i,
  bug: /\b(reproduc\w*|root cause|bugs?|crash\w*|errors?|outage|incident|broke|broken|failing|failed|charged twice|leak\w*|time(d)? ?outs?|diagnos\w*|traced|investigat\w*|fixed|retr(y|ied|ying))\b/i,
  fit: /\b(role|job|team|product|company|your (work|customers|users|platform|mission))\b/i,
  decision: /\b(decided|decision|chose|choice|opted|went with|options?|trade-?offs?|weighed|instead|rather than|either)\b/i,
};

/** "Tell me about a time…", "Describe a mistake…": questions that want one real example. */
const ASKS_FOR_EXAMPLE =
  /\b(tell me about (a|an|the|someone|one)|describe (a|an|the)|give (me )?an example|walk me through (a|an|the)|what is the hardest|share a time|how have you|when have you|have you ever|what did you do when)\b/i;

export function askedKind(question: string): ExampleKind | null {
  return ASKS.find(([, pattern]) => pattern.test(question))?.[0] ?? null;
}

export function showsKind(answer: string, kind: ExampleKind): boolean {
  // Fit to a role is shown by experience the speaker tells, tied to the role, not by praise of the company.
  if (kind === "fit") return narrates(answer) && SHOWS.fit.test(answer);
  return SHOWS[kind].test(answer);
}

export function asksForExample(question: string): boolean {
  return ASKS_FOR_EXAMPLE.test(question);
}

/** "I traced…", "we moved…", "I was asked…": an account of something that happened, not a plan or a belief. */
const NARRATION =
  /\b(?:I|we)\s+(?:(?:then|also|first|quickly|finally|personally|eventually)\s+)?(?:[a-z]+ed|led|ran|wrote|built|took|made|found|got|went|set|kept|spent|did|brought|chose|drove|gave|held|met|paid|put|said|saw|sent|split|told|won|dug|shipped|was|were|had|knew|began|broke|caught|cut|fell|grew|hit|left|lost|rolled|shadowed|stepped)\b/i;

export function narrates(text: string): boolean {
  return NARRATION.test(text);
}

const NARRATIONS = new RegExp(NARRATION.source, "gi");

/**
 * An answer that tells something that happened: it narrates, and is not mostly in the conditional
 * ("If I disagreed, I would first…" narrates nothing, however many past tenses it borrows).
 */
export function tellsEvents(text: string): boolean {
  if (!narrates(text)) return false;
  const conditional = findPatterns(text, HYPOTHETICAL_PATTERNS).length;
  return conditional < 3 || conditional <= (text.match(NARRATIONS)?.length ?? 0);
}
