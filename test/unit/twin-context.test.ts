import assert from "node:assert/strict";
import { twinContext } from "../../browser-extension/src/twin-context.js";

const profile = {
  name: "Ada Lovelace",
  headline: "Staff engineer, payments",
  targetRole: "Principal Engineer",
  targetCompanies: ["Acme", "Globex"],
  yearsExperience: 12,
  location: null,
  summary: "Builds reliable payment systems.",
  skills: ["Go", "PostgreSQL"],
  experience: [{ company: "Harborline", role: "Staff Engineer", period: "2020–now", highlights: ["Cut p99 latency 10x"] }],
};
const question = {
  id: "conf-technical-disagreement",
  text: "Tell me about a technical disagreement.",
  category: "conflict" as const,
  competencies: ["conflict-resolution" as const],
  kind: "behavioural" as const,
  lookFor: "",
};
const story = {
  id: "s1",
  title: "The Friday outage",
  competencies: ["ownership" as const],
  tags: [],
  metrics: ["p99 2.1 s → 180 ms"],
  situation: "Checkout failed every Friday.",
  task: "Own the fix.",
  action: "Moved a network call out of a lock.",
  result: "No Friday incidents for a quarter.",
  learnings: null,
  line: 12,
};

describe("the twin context the browser extension copies for a chat", () => {
  it("gives the profile, the question being practised and the suggested stories with their STAR parts, in Markdown", () => {
    const text = twinContext(profile, question, [story]);
    assert.match(
      text,
      /^# My background \(from my Interview Coach twin\)\n\n\*\*Ada Lovelace\*\* · Staff engineer, payments · Target role: Principal Engineer at Acme, Globex · 12 years' experience\n/,
    );
    assert.match(text, /Skills: Go, PostgreSQL/);
    assert.match(text, /- Staff Engineer, Harborline \(2020–now\): Cut p99 latency 10x/);
    assert.match(text, /## The question I am practising\n\nTell me about a technical disagreement\. \(conflict\)/);
    assert.match(
      text,
      /### The Friday outage \(ownership\)\n- Situation: Checkout failed every Friday\.\n- Task: Own the fix\.\n- Action: Moved a network call out of a lock\.\n- Result: No Friday incidents for a quarter\.\n- Metrics: p99 2\.1 s → 180 ms\n$/,
    );
  });

  it("leaves out the stories heading when no story fits, and fields the profile lacks", () => {
    const text = twinContext({ ...profile, headline: "", targetCompanies: [], yearsExperience: null, skills: [], experience: [] }, question, []);
    assert.match(text, /\*\*Ada Lovelace\*\* · Target role: Principal Engineer\n/);
    assert.doesNotMatch(text, /Skills:|Experience:|stories that fit/);
  });
});
