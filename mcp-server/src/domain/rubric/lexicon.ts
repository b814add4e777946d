import type { Competency } from "../vocabulary.js";

// The long word lists are marked prettier-ignore: packed many to a line, the lexicon reads as a list.

/** Spoken fillers; multi-word ones are matched as phrases. */
export const FILLERS = [
  "um",
  "umm",
  "uh",
  "uhh",
  "erm",
  "er",
  "you know",
  "i mean",
  "kind of",
  "sort of",
  "basically",
  "literally",
  "actually",
  "honestly",
  "like",
  "so yeah",
  "or whatever",
  "and stuff",
  "or something",
] as const;

/** Phrases that describe what someone would do rather than what they did. */
export const HYPOTHETICAL_PATTERNS: readonly RegExp[] = [
  /\bi would\b/gi,
  /\bi'd\b/gi,
  /\bi will\b/gi,
  /\bi'll\b/gi,
  /\bi could\b/gi,
  /\bi might\b/gi,
  /\bi should\b/gi,
  /\bif i were\b/gi,
  /\bi would have\b/gi,
  /\bi'd probably\b/gi,
  /\bmy approach would be\b/gi,
  /\bi tend to\b/gi,
  /\bi usually\b/gi,
  /\bi always\b/gi,
  /\bi try to\b/gi,
];

export const FIRST_PERSON = ["i", "i'm", "i've", "i'd", "i'll", "me", "my", "myself", "mine"] as const;
export const TEAM_VOICE = ["we", "we're", "we've", "we'd", "our", "us", "ourselves"] as const;

/** Words that promise detail without giving it. */
export const VAGUE_WORDS = [
  "stuff",
  "things",
  "thing",
  "various",
  "somehow",
  "something",
  "some",
  "lots",
  "a lot",
  "very",
  "really",
  "pretty",
  "quite",
  "good",
  "nice",
  "etc",
] as const;

export const STAR_CUES = {
  situation: [
    /\b(when|while) (i|we) (was|were|worked|joined|led|ran)\b/i,
    /\b(at|in) (my|our) (last|previous|current|first) (job|role|team|company|position)\b/i,
    /\b(back )?in (19|20)\d\d\b/i,
    /\b(last|that|this) (year|quarter|spring|summer|autumn|fall|winter|month)\b/i,
    /\b(the|our|my) (team|company|startup|product|project|service|platform|system) (was|had|were|needed)\b/i,
    /\bsituation\b/i,
    /\bcontext\b/i,
    /\bbackground\b/i,
    /\b(i|we) (was|were) (working|building|running|responsible|using)\b/i,
    /\bat the time\b/i,
    /\bi joined\b/i,
  ],
  task: [
    /\bmy (goal|task|job|role|responsibility|mandate|mission|objective)\b/i,
    /\b(asked|told|wanted|needed) (me|us) to\b/i,
    /\bwith the (goal|aim|target) of\b/i,
    /\b(my|the) (responsibility|job) (was|to)\b/i,
    /\btook it as my\b/i,
    /\bi (was|had been) (responsible|asked|tasked|accountable|hired|brought in|given)\b/i,
    /\bi (needed|had) to\b/i,
    /\bthe (goal|task|challenge|problem|objective|ask) was\b/i,
    /\bi (owned|took on|volunteered|stepped up)\b/i,
    /\bour (goal|target|deadline) was\b/i,
    /\b(deadline|target|objective)\b/i,
    /\bit was (mine|my job|up to me|on me)\b/i,
    /\bi (was|had been) (the|on|in charge|leading|running|handling)\b/i,
    /\b(had|needed) to (be|get|ship|find|fix|choose|decide|make|work|deliver|replace|learn|keep)\b/i,
    /\b(couldn't|could not|can't) do both\b/i,
    /\b(due|promised)\b/i,
    /\bi picked up\b/i,
  ],
  result: [
    /\bas a result\b/i,
    /\b(the )?(result|outcome|impact) was\b/i,
    /\bin the end\b/i,
    /\b(this|that|it) (led|resulted) (to|in)\b/i,
    /\b(reduced|increased|improved|cut|saved|grew|raised|lowered|doubled|halved|tripled|shrank|dropped|boosted|eliminated)\b/i,
    /\bwent (from|down|up)\b/i,
    /\b(by|to) \d+(\.\d+)? ?(%|percent)/i,
    /\b(shipped|launched|delivered|released|closed|won|renewed|retained|promoted)\b/i,
    /\b(since then|afterwards|ever since|today)\b/i,
    /\bby the end of\b/i,
    /\b(passed|approved|adopted|caught|promoted|hit|met|beat|exceeded|stabilised|stabilized)\b/i,
    /\bno longer\b/i,
    /\b(down from|up from)\b/i,
    /\bi learned\b/i,
  ],
  /** Words that tell how things turned out, counted in a story's closing sentences. */
  outcome: [
    /\b(stayed|worked|went (smoothly|well|out|live|ahead)|started using|stopped|became|thanked|agreed|relieved|replaced|dropped|fell|rose|used it|from then on|since|later|the next|within|on time|early|happy|pleased)\b/i,
    /\b(was|were) (fixed|solved|resolved|gone|back|faster|slower|calmer|ready|live)\b/i,
  ],
} as const;

/** Past-tense verbs that describe an action someone took (irregulars and common regulars). */
// prettier-ignore
export const ACTION_VERBS = new Set([
  "led", "built", "wrote", "ran", "made", "took", "set", "drove", "chose", "sent", "met", "found",
  "spoke", "told", "brought", "began", "gave", "kept", "sat", "paired", "proposed", "designed",
  "created", "decided", "analysed", "analyzed", "implemented", "introduced", "organised", "organized",
  "negotiated", "convinced", "mentored", "coached", "migrated", "rewrote", "refactored", "debugged",
  "investigated", "measured", "profiled", "automated", "documented", "presented", "scheduled",
  "escalated", "prioritised", "prioritized", "reviewed", "launched", "shipped", "delivered",
  "started", "planned", "mapped", "interviewed", "asked", "listened", "explained", "suggested",
  "agreed", "compromised", "challenged", "pushed", "volunteered", "owned", "fixed", "added",
  "removed", "replaced", "split", "moved", "tested", "prototyped", "benchmarked", "reached",
  "called", "emailed", "wrote", "drafted", "facilitated", "aligned", "hired", "trained",
  "onboarded", "reorganised", "reorganized", "rolled", "traced", "identified", "diagnosed",
  "resolved", "restructured", "simplified", "negotiated", "persuaded", "shared", "built",
  "established", "defined", "configured", "deployed", "wired", "instrumented", "cut", "reduced",
  "raised", "flagged", "pitched", "ran", "coordinated", "managed", "handled", "used", "worked",
  "learned", "learnt", "stepped", "dug", "pulled", "put", "framed", "reframed", "quantified",
  "went", "spent", "got", "came", "did", "held", "paid", "said", "sold", "bought", "taught", "sought",
  "caught", "drew", "rang", "let", "rebuilt", "showed", "phoned", "offered", "visited", "sketched",
  "counted", "booked", "invited", "stopped", "switched", "cancelled", "refunded", "apologised", "apologized",
]);

/** Words that show an answer is about the competency a question probes. */
// prettier-ignore
export const COMPETENCY_LEXICON: Record<Competency, readonly string[]> = {
  leadership: ["led", "lead", "leader", "team", "vision", "direction", "decision", "delegated", "aligned", "motivated", "hired", "roadmap", "owned", "initiative"],
  ownership: ["owned", "ownership", "responsible", "accountable", "initiative", "stepped", "volunteered", "end-to-end", "followed", "proactively", "fixed"],
  collaboration: ["team", "together", "colleague", "colleagues", "partnered", "paired", "cross-functional", "collaborated", "shared", "helped", "support", "designers", "product"],
  "conflict-resolution": ["disagree", "disagreed", "disagreement", "conflict", "tension", "pushback", "pushed", "compromise", "concerns", "perspective", "listened", "aligned", "resolved", "argued", "objection"],
  communication: ["explained", "presented", "wrote", "document", "communicated", "stakeholders", "audience", "clarity", "update", "updates", "listened", "summary", "feedback"],
  influence: ["convinced", "persuaded", "influence", "buy-in", "proposal", "proposed", "stakeholders", "data", "pitched", "won", "agreed", "support"],
  "problem-solving": ["investigation", "noticed", "pattern", "captured", "narrowed", "isolated", "decision", "decided", "options", "assumption", "risk", "evidence", "approach", "tested", "unknown", "reproduce", "problem", "root", "cause", "hypothesis", "investigated", "debugged", "analysed", "analyzed", "diagnosed", "solution", "traced", "fixed", "experiment"],
  "technical-depth": ["request", "server", "client", "retry", "http", "investigation", "proxy", "payload", "timeout", "concurrency", "debug", "debugged", "logs", "trace", "production", "deploy", "leak", "race", "thread", "reproduce", "fix", "root", "architecture", "performance", "latency", "database", "code", "profiling", "memory", "query", "algorithm", "api", "service", "bug", "cache", "index", "throughput"],
  "system-design": ["design", "architecture", "scale", "scalable", "throughput", "latency", "service", "services", "queue", "database", "trade-off", "tradeoff", "availability", "consistency", "partition", "shard", "cache", "load"],
  adaptability: ["priorities", "paused", "switched", "learn", "handover", "deadline", "change", "changed", "pivot", "pivoted", "adapt", "adapted", "new", "learned", "unfamiliar", "reorg", "shifted", "ambiguity", "uncertain", "quickly"],
  "failure-and-learning": ["blame", "recover", "rolled", "apologised", "apologized", "retro", "underestimated", "root", "failed", "failure", "mistake", "wrong", "missed", "learned", "lesson", "retrospective", "postmortem", "post-mortem", "regret", "differently", "owned"],
  "customer-focus": ["customer", "customers", "user", "users", "client", "clients", "feedback", "support", "churn", "satisfaction", "nps", "escalation", "needs", "owner", "complaint", "complaints", "complained", "unhappy", "refund", "refunded", "cancel", "cancelling", "renewed", "apologised", "apologized", "ticket", "tickets", "visit", "visited", "listened"],
  prioritization: ["prioritised", "prioritized", "priority", "priorities", "trade-off", "tradeoff", "deadline", "scope", "impact", "urgent", "backlog", "deferred", "cut"],
  "delivery-under-pressure": ["deadline", "pressure", "launch", "urgent", "outage", "incident", "hours", "weekend", "shipped", "delivered", "time", "scope"],
  mentoring: ["mentored", "mentor", "coached", "junior", "taught", "onboarded", "grew", "feedback", "pairing", "paired", "career", "growth"],
  "data-driven": ["data", "metrics", "measured", "dashboard", "experiment", "a/b", "analysis", "numbers", "evidence", "baseline", "percent"],
  motivation: ["role", "company", "team", "product", "problem", "opportunity", "initiative", "excited", "motivated", "passion", "mission", "why", "interested", "growth", "impact", "values", "career", "love", "enjoy"],
};

/** Common words that carry no topic; excluded from relevance and story matching. */
// prettier-ignore
export const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both but by " +
    "can could did do does doing down during each few for from further had has have having he her here hers herself him himself " +
    "his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours " +
    "ourselves out over own same she should so some such than that the their theirs them themselves then there these they this " +
    "those through to too under until up very was we were what when where which while who whom why will with would you your " +
    "yours yourself yourselves tell time describe give example share walk talk about me us i'm i've we're it's that's"
  ).split(/\s+/),
);
