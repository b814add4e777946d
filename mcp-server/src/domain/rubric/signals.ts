import { ACTION_VERBS, FILLERS, FIRST_PERSON, HYPOTHETICAL_PATTERNS, STAR_CUES, TEAM_VOICE, VAGUE_WORDS } from "./lexicon.js";
import { findPatterns, findPhrases, isContentWord, sentences, stemOf, type PhraseHit, type Sentence } from "./text.js";

export type StarElement = "situation" | "task" | "action" | "result";

export interface Signals {
  text: string;
  words: string[];
  /** Stems of every word, for matching against question and lexicon terms. */
  stems: Set<string>;
  /** Stems of the words that carry topic (no stopwords, no numbers), for story recognition. */
  contentTerms: Set<string>;
  sentences: Sentence[];
  fillers: PhraseHit[];
  hypotheticals: PhraseHit[];
  vague: PhraseHit[];
  quantities: PhraseHit[];
  firstPerson: number;
  teamVoice: number;
  /** "I <past-tense verb>" occurrences: actions the speaker took. */
  ownActions: PhraseHit[];
  /** "We <past-tense verb>" occurrences: actions credited to a group. */
  teamActions: PhraseHit[];
  /** Proper nouns mid-sentence: named products, companies, people, tools. */
  namedThings: number;
  /** Counted things and moments that are not measures: "two places", "six classes", "on the Friday". */
  details: PhraseHit[];
  /** For each STAR element, the indexes of sentences that carry it. */
  star: Record<StarElement, number[]>;
}

const NUMBER_WORD =
  "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|a hundred|a thousand|several|dozens of|hundreds of|thousands of|millions of)";
// Words that follow a number without being what was counted ("in 2 weeks with", "3 of the").
const JOINERS = "(?:with|and|or|in|on|at|to|for|of|the|by|from|per|over|after|before|that|which|was|were|is|are|than|into)";
// A number starts only where a run of digits starts, so scanning "1,1,1,…" stays linear.
const NUMBER = String.raw`(?<![A-Za-z\d.,])\d+(?:[.,]\d+)*`;
const UNIT =
  "(?:%|percent\\b|x\\b|×|ms\\b|milliseconds?\\b|s\\b|secs?\\b|seconds?\\b|minutes?\\b|mins?\\b|hours?\\b|hrs?\\b|days?\\b|weeks?\\b|months?\\b|quarters?\\b|years?\\b|k\\b|m\\b|bn\\b|million\\b|billion\\b|thousand\\b)";

/** Measured amounts: currency, a number with a unit or a counted noun, number words with a time unit, and doubled/halved; matched in the lower-cased answer. */
const QUANTITY = new RegExp(
  [
    String.raw`[$€£]\s?${NUMBER}\s?(?:k|m|bn|million|billion|thousand)?`,
    String.raw`${NUMBER}\s?${UNIT}`,
    // A digit count followed by what was counted ("23 bad loads", "14,000 claims"), but not a bare year.
    String.raw`(?!(?:19|20)\d\d\b)${NUMBER}\s+(?:[a-z-]+\s+(?!${JOINERS}\b))?(?!${JOINERS}\b)[a-z-]{3,}`,
    String.raw`\b${NUMBER_WORD}\s+(?:[a-z-]+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|times|percent)\b`,
    String.raw`\b(?:doubled|halved|tripled|quadrupled|zero (?:[a-z-]+\s+)?[a-z-]+s)\b`,
  ].join("|"),
  "g",
);

const STAR_LABEL_WORD = /^(Situation|Task|Action|Actions|Result|Results|Outcome)\W*$/;
const LABEL = /^\s*(situation|task|action|actions|result|results|outcome)\s*[:—-]/i;
const OPENING_CONTEXT = /^(at|in|during|on|while|when|last|two|three|a few|early|back)\b/i;

function countWords(list: string[], vocabulary: ReadonlySet<string>): number {
  let count = 0;
  for (const w of list) if (vocabulary.has(w)) count++;
  return count;
}

/** "I wanted to…", "I planned to…": an intention, not a step taken. */
const INTENT_VERBS = new Set(["wanted", "hoped", "planned", "intended", "meant", "needed", "wished", "aimed", "expected"]);

function subjectActions(text: string, subject: RegExp): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const m of text.matchAll(subject)) {
    const verbs = m[1]?.toLowerCase().split(/\s+/) ?? [];
    const verb = verbs.find((v) => ACTION_VERBS.has(v) || /ed$/.test(v));
    const next =
      verb === undefined
        ? ""
        : (verbs[verbs.indexOf(verb) + 1] ??
          text
            .slice((m.index ?? 0) + m[0].length)
            .trim()
            .split(/\s+/)[0] ??
          "");
    const intent = verb !== undefined && INTENT_VERBS.has(verb) && next.toLowerCase() === "to";
    if (verb && !intent && !["would", "will", "could", "should", "might"].includes(verbs[0] ?? "")) {
      hits.push({ phrase: m[0], index: m.index ?? 0 });
    }
  }
  return hits;
}

/** "was", "had", "started", "wanted": a sentence told in the past, as the scene of a story is. */
const PAST_NARRATIVE = /\b(was|were|had|did|went|kept|knew|came|left|\w{3,}ed)\b/i;

/** One alternation per STAR part: a sentence is scanned once per part, not once per cue. */
const union = (cues: readonly RegExp[]) => new RegExp(cues.map((cue) => `(?:${cue.source})`).join("|"), "i");
const CUE = {
  situation: union(STAR_CUES.situation),
  task: union(STAR_CUES.task),
  result: union(STAR_CUES.result),
  outcome: union(STAR_CUES.outcome),
};

function starSentences(all: Sentence[], ownActions: PhraseHit[], quantities: PhraseHit[]): Record<StarElement, number[]> {
  const star: Record<StarElement, number[]> = { situation: [], task: [], action: [], result: [] };
  const inSentence = (hit: PhraseHit, s: Sentence) => hit.index >= s.start && hit.index < s.start + s.text.length;
  const firstAction = all.findIndex((s) => ownActions.some((hit) => inSentence(hit, s)));
  all.forEach((s, i) => {
    const label = LABEL.exec(s.text)?.[1]?.toLowerCase();
    if (label) {
      const element: StarElement = label.startsWith("situation") ? "situation" : label === "task" ? "task" : label.startsWith("action") ? "action" : "result";
      star[element].push(i);
    }
    const early = i < Math.max(2, Math.ceil(all.length * 0.4));
    // The opening and the past-tense sentences before the speaker's first action set the scene, whatever words they use.
    const taskCue = CUE.task.test(s.text);
    const scene = (i === 0 || i < Math.min(firstAction, 3)) && !taskCue && PAST_NARRATIVE.test(s.text);
    if (CUE.situation.test(s.text) || (early && i === 0 && OPENING_CONTEXT.test(s.text)) || scene) {
      star.situation.push(i);
    }
    if (taskCue) star.task.push(i);
    if (ownActions.some((hit) => inSentence(hit, s))) star.action.push(i);
    const late = i >= Math.floor(all.length * 0.4);
    const resultCue = CUE.result.test(s.text);
    // How the story ended: an outcome told after the speaker's actions, in its closing sentences.
    const closing = firstAction >= 0 && i > firstAction && i >= all.length - 2 && CUE.outcome.test(s.text);
    if ((resultCue && (late || quantities.some((q) => inSentence(q, s)))) || closing) star.result.push(i);
  });
  for (const key of Object.keys(star) as StarElement[]) star[key] = [...new Set(star[key])];
  return star;
}

/** ", wrote down…", "and then asked…": further steps of a sentence whose subject is the speaker. */
const COORDINATED = /(?:,\s*(?:and\s+)?(?:then\s+)?|\s+and\s+(?:then\s+)?|\s+then\s+)([a-z]+)\b/g;

function coordinatedActions(all: Sentence[], ownActions: PhraseHit[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  for (const s of all) {
    const own = ownActions.find((hit) => hit.index >= s.start && hit.index < s.start + s.text.length);
    if (!own) continue;
    const from = own.index - s.start + own.phrase.length;
    // A new subject ("and she brought") ends the speaker's run of actions.
    const rest = s.text.slice(from).split(/\b(?:she|he|they|we|the team|nobody|everyone|people)\b/i)[0] ?? "";
    for (const m of rest.matchAll(COORDINATED)) {
      const verb = m[1] ?? "";
      if (ACTION_VERBS.has(verb) || (verb.length > 4 && verb.endsWith("ed")))
        hits.push({ phrase: verb, index: s.start + from + (m.index ?? 0) + m[0].length - verb.length });
    }
  }
  return hits;
}

/** Counted things and moments, matched in the lower-cased answer; quoted phrases, in the answer as written. */
const DETAIL = new RegExp(
  [
    String.raw`\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)\s+(?!${JOINERS}\b)(?!(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|times|percent)\b)[a-z-]{3,}`,
    String.raw`\b(?:on|that|every|by|until|before)\s+(?:the\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|night)\b`,
  ].join("|"),
  "g",
);
const QUOTED = /"[^"]{3,80}"|“[^”]{3,80}”|'[A-Z][^']{3,60}'/g;
/** A capitalised word after a space: never a sentence's first word. */
const NAMED = /\s([A-Z][a-zA-Z0-9]+\S*)/g;
const FIRST_PERSON_WORDS: ReadonlySet<string> = new Set(FIRST_PERSON);
const TEAM_VOICE_WORDS: ReadonlySet<string> = new Set(TEAM_VOICE);

export function extractSignals(text: string): Signals {
  const all = sentences(text);
  const tokens = all.flatMap((s) => s.words);
  // Case-insensitive scans run once over a lower-cased copy; only where lower-casing keeps every offset.
  const lower = text.toLowerCase();
  const scan = lower.length === text.length ? lower : null;
  const quantities = matches(scan ?? text, scan ? QUANTITY : withFlag(QUANTITY, "i")).map((h) => ({ phrase: h.phrase.trim(), index: h.index }));
  // Typed chat and transcripts often write a lower-case "i".
  const subjectOwn = subjectActions(text, /\b[Ii]\s+((?:\w+\s+){0,1}\w+)/g);
  const ownActions = [...subjectOwn, ...coordinatedActions(all, subjectOwn)].sort((a, b) => a.index - b.index);
  const teamActions = subjectActions(text, /\b(?:we|our team|the team)\s+((?:\w+\s+){0,1}\w+)/gi);
  let namedThings = 0;
  for (const s of all) for (const m of s.text.matchAll(NAMED)) if (!STAR_LABEL_WORD.test(m[1] ?? "")) namedThings++;
  const stemmed = tokens.map(stemOf);
  const contentTerms = new Set<string>();
  tokens.forEach((w, i) => {
    if (isContentWord(w)) contentTerms.add(stemmed[i]!);
  });
  const details = [...matches(scan ?? text, scan ? DETAIL : withFlag(DETAIL, "i")), ...matches(text, QUOTED)].sort((a, b) => a.index - b.index);
  return {
    text,
    words: tokens,
    stems: new Set(stemmed),
    contentTerms,
    sentences: all,
    fillers: findPhrases(text, FILLERS, scan).filter(
      (hit) => hit.phrase !== "like" || /,\s*like\b|\blike,/i.test(text.slice(Math.max(0, hit.index - 2), hit.index + 6)),
    ),
    hypotheticals: findPatterns(text, HYPOTHETICAL_PATTERNS),
    vague: findPhrases(text, VAGUE_WORDS, scan),
    quantities,
    firstPerson: countWords(tokens, FIRST_PERSON_WORDS),
    teamVoice: countWords(tokens, TEAM_VOICE_WORDS),
    ownActions,
    teamActions,
    namedThings,
    details,
    star: starSentences(all, ownActions, quantities),
  };
}

function matches(text: string, pattern: RegExp): PhraseHit[] {
  return [...text.matchAll(pattern)].map((m) => ({ phrase: m[0], index: m.index ?? 0 }));
}

const withFlag = (pattern: RegExp, flag: string) => new RegExp(pattern.source, pattern.flags + flag);
