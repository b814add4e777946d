/** The wording postings use: competencies, business domains, and must-or-nice cues. */
import type { Competency } from "../vocabulary.js";

/** Phrases that show a posting asks for a competency, as hiring managers write them. */
export const COMPETENCY_CUES: Partial<Record<Competency, RegExp>> = {
  mentoring:
    /\bmentor|give (regular |honest |clear )?feedback|\b(honest|regular|constructive) feedback|one-to-ones|\b1:1s\b|\bcoach(ing)? (and mentor |engineers|others|junior)|grow (a |the )?(team|engineers|others)|level up|develop (junior|other) engineers|career (growth|development)/i,
  leadership:
    /\blead(ing)? (a |the )?(team|engineers|squad|group|technical|projects?|initiatives?|efforts?|design|migration)|\blead, |\bled (a|the) team|technical leadership|set(ting)? (the )?technical direction|people manage|manag(e|ing) (a team|engineers|\d+)|tech lead|hire and (grow|develop)|build(ing)? (and lead )?a team|raise the bar/i,
  communication:
    /communicat|written and verbal|explain(ing)? (your |their |model |complex |technical )*(thinking|ideas|trade-offs|decisions|concepts)|present(ing)? to|documentation|write (clear|design docs)|write things down/i,
  collaboration:
    /cross[- ]functional|collaborat|work(ing)? closely with|partner(ing)? with|alongside (product|design)|with (the |our |your )?(product|design|engineering|other|partner) teams|\bpair(ing)? with|work(ing)? (well )?in a team|team player|with (the |our |your )?(product )?(manager and )?designers?\b|together with (the )?[\w ]{0,30}teams|with product and|strong relationships with/i,
  "customer-focus":
    /\bcustomers?\b(?! (support|success|service|authentication))|user needs|user[- ]facing|end users|user interviews|talk to (patients|users|customers)|people who use|patients|clinicians|merchants/i,
  ownership:
    /\bownership\b|\bown(ing)? (the|our|services|systems|end[- ]to[- ]end|features|small features|new features|problems?|products?|a problem)\b|end[- ]to[- ]end|accountab/i,
  "problem-solving":
    /debug|troubleshoot|problem[- ]solv|solv(e|ing) (hard|complex|ambiguous)|root cause|dig(ging)? into|investigat(e|ing) (production )?(incidents|issues|problems)/i,
  "system-design":
    /system design|design(ing)? (scalable|distributed|reliable|resilient)|design(ing)?,? (and )?build|design(ing)? [\w ]{0,20}\bAPIs\b|architect(ure|ing)?\b|scalab|high[- ]availability|fault[- ]tolerant/i,
  prioritization: /prioriti[sz]|(make|making|weigh|hard|pragmatic) (\w+ )?trade[- ]offs|trade[- ]offs between|roadmap|sequenc(e|ing) work/i,
  "delivery-under-pressure": /fast[- ]paced|tight deadlines|under pressure|on[- ]call|incident/i,
  adaptability: /ambiguit|fast[- ]changing|adapt|learn(s)? quickly|comfortable with change|through change|new technolog/i,
  "data-driven": /data[- ]driven|\bmetrics\b(?!,? (logs|and logs|traces))|measur(e|ing) (impact|success)|experiment|A\/B test|analytic/i,
  influence: /\binfluenc|stakeholder|align(ing|ment)?\b|without (formal )?authority|build(ing)? consensus|drive adoption/i,
  "conflict-resolution": /conflict|disagree|difficult conversations|navigate (tension|competing)/i,
  "technical-depth":
    /deep,? (hands-on )?(expertise|knowledge|understanding|experience)|\bexpert\b|in[- ]depth|internals|performance (tuning|optimi[sz]ation)|low[- ]level/i,
  "failure-and-learning": /blameless|post[- ]?mortems?|learn(ing)? from (mistakes|failure|incidents)/i,
};

/** The business a job sits in, from the words its blurb and requirements use. */
export const DOMAINS: readonly [string, RegExp][] = [
  ["payments", /\bpayments?\b|fintech|\bPCI\b|card (issuing|processing)|acquiring|merchant/i],
  ["healthcare", /health ?care|\bhealth\b(?![- ](checks?|insurance|plan|benefits))|\bclinical|\bclinics?\b|\bpatients?\b|\bHIPAA\b|\bEHR\b|medical/i],
  ["e-commerce", /e-?commerce|online (retail|stores?|shops?)|marketplace|checkout|shoppers/i],
  ["advertising", /\bad tech|advertis/i],
  ["logistics", /logistic|supply chain|fleet|(?<!data )warehous|freight|shipments?\b/i],
  ["education", /edtech|education|learners|students/i],
  ["security", /cyber ?security|security (product|company)/i],
  ["travel", /\btravel(l?ers?|ling)?\b|\bhotels?\b|airlines?|hospitality/i],
  ["insurance", /\binsur(ance|er|ers|ed|es|ing)\b|insurtech|underwrit|policyholders/i],
  ["media", /\bstream(s|ing)? (live|video|music)|video streaming|\bbroadcast|entertainment|\bmedia (company|platform)/i],
];

/** Words that make what follows them a nice-to-have ("…, ideally PostgreSQL"). */
export const NICE_FROM_HERE = /\b(ideally|preferably|familiarity with|exposure to|bonus if|a plus if|nice if|optionally)\b/i;
/** Words that make the whole line a nice-to-have ("Kafka is a plus"). */
export const NICE_LINE =
  /nice[- ]to[- ]have|\ba (big )?plus\b|\bis a bonus\b|\bbonus\b|\bpreferred\b|\bdesirable\b|\bnot required\b|\bhelpful\b|would be (great|nice)/i;
/** A nice-to-have section's line that insists all the same. */
export const MUST_LINE = /\bmust\b|\brequired\b/i;
