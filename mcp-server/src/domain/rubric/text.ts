import { STOPWORDS } from "./lexicon.js";

export interface Sentence {
  text: string;
  start: number;
  words: string[];
}

// Letters of any script, so "Müller" and "café" stay whole words.
const WORD = /\p{L}[\p{L}\p{M}'’-]*|\d+(?:[.,]\d+)*/gu;

/** Lower-cased word tokens; apostrophes normalised so "I’m" and "I'm" match. Folded once per text, not per token. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/’/g, "'").match(WORD) ?? [];
}

export function sentences(text: string): Sentence[] {
  const result: Sentence[] = [];
  // A sentence ends at . ! or ? followed by whitespace or the end (so "0.4%" and "e.g." inside stay whole), or at a line break.
  const boundary = /[.!?]+(?=\s|$)|\n/g;
  let from = 0;
  const push = (end: number) => {
    const raw = text.slice(from, end);
    const trimmed = raw.trim();
    const ws = words(trimmed);
    if (trimmed && ws.length > 0) result.push({ text: trimmed, start: from + raw.indexOf(trimmed), words: ws });
  };
  for (const match of text.matchAll(boundary)) {
    const end = (match.index ?? 0) + match[0].length;
    push(end);
    from = end;
  }
  if (from < text.length) push(text.length);
  return result;
}

/** A crude stem so "migrate", "migrated", "migrating" and "migrates" meet at "migrat". */
export function stem(word: string): string {
  return word
    .replace(/'s$/, "")
    .replace(/(ing|ed|es|s|ly)$/, "")
    .replace(/(.)\1$/, "$1")
    .replace(/(?<=..)e$/, "");
}

const stemCache = new Map<string, string>();

/** Memoised: answers reuse a small vocabulary, and stemming is a hot path of scoring. */
export function stemOf(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = stem(word);
    if (stemCache.size < 50_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** A word that carries topic: three letters or more, not a stopword, not a number. */
export function isContentWord(w: string): boolean {
  return w.length >= 3 && !STOPWORDS.has(w) && !(w.charCodeAt(0) >= 48 && w.charCodeAt(0) <= 57);
}

export function contentStemsOf(tokens: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of tokens) if (isContentWord(w)) out.add(stemOf(w));
  return out;
}

export function contentStems(text: string): Set<string> {
  return contentStemsOf(words(text));
}

/** A short excerpt of the answer around a match, cut at word boundaries, for quoting in feedback. */
export function excerpt(text: string, index: number, length: number, radius = 40): string {
  let from = Math.max(0, index - radius);
  let to = Math.min(text.length, index + length + radius);
  if (from > 0) {
    const space = text.indexOf(" ", from);
    if (space !== -1 && space < index) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(" ", to);
    if (space > index + length) to = space;
  }
  const body = text.slice(from, to).replace(/\s+/g, " ").trim();
  return `${from > 0 ? "…" : ""}${body}${to < text.length ? "…" : ""}`;
}

export interface PhraseHit {
  phrase: string;
  index: number;
}

const phraseLists = new Map<readonly string[], { pattern: RegExp; anyCase: RegExp; known: Set<string> }>();

/** One alternation per list of phrases, longest first, so an answer is scanned once per list. */
function phraseList(phrases: readonly string[]): { pattern: RegExp; anyCase: RegExp; known: Set<string> } {
  let compiled = phraseLists.get(phrases);
  if (!compiled) {
    const escape = (phrase: string) => phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
    const alternatives = [...phrases].sort((a, b) => b.length - a.length).map(escape);
    const source = `(?<![\\w'])(?:${alternatives.join("|")})(?![\\w'])`;
    compiled = {
      pattern: new RegExp(source, "g"),
      anyCase: new RegExp(source, "gi"),
      known: new Set(phrases),
    };
    phraseLists.set(phrases, compiled);
  }
  return compiled;
}

/**
 * Whole-word, case-insensitive occurrences of each phrase, in order. `lower` is the text
 * lower-cased with every offset kept, when the caller has it: a case-sensitive scan is faster.
 */
export function findPhrases(text: string, phrases: readonly string[], lower: string | null = null): PhraseHit[] {
  const { pattern, anyCase, known } = phraseList(phrases);
  const hits: PhraseHit[] = [];
  for (const m of lower === null ? text.matchAll(anyCase) : lower.matchAll(pattern)) {
    const phrase = m[0].toLowerCase().replace(/\s+/g, " ");
    if (known.has(phrase)) hits.push({ phrase, index: m.index ?? 0 });
  }
  return hits;
}

export function findPatterns(text: string, patterns: readonly RegExp[]): PhraseHit[] {
  const hits: PhraseHit[] = [];
  const seen = new Set<number>();
  for (const pattern of patterns) {
    const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
    for (const m of text.matchAll(global)) {
      const index = m.index ?? 0;
      if (seen.has(index)) continue;
      seen.add(index);
      hits.push({ phrase: m[0], index });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

export function clamp(value: number, min = 0, max = 100): number {
  return Math.min(max, Math.max(min, value));
}
