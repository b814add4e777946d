import { useCallback, useEffect, useRef, useState } from "react";
import type { StartedPractice } from "#webview/bridge/tool-transport.js";
import { VscodeButton } from "#webview/components/elements.js";
import { Practice, type PracticeActions, type PracticeProps } from "#webview/views/practice/Practice.js";
import type { ResilientCoach } from "../offline/resilient-coach";
import { load, save, type PendingEvaluation } from "../storage";
import { twinContext } from "../twin-context";

type Picked = { kind: "picking" } | { kind: "ready"; practice: StartedPractice; round: number } | { kind: "failed"; error: string };
type Scored = NonNullable<PracticeProps["scored"]> & { from: string | null; at: number };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The question being practised (the one a recommendation started, the one shown before, or the next the
 * schedule picks), answered and scored by the rubric here; an answer chosen with the context menu is scored against it.
 */
export function NextPractice({
  coach,
  started,
  selection,
  onRecorded,
}: {
  coach: ResilientCoach;
  started: StartedPractice | null;
  selection: PendingEvaluation | null;
  onRecorded(): void;
}) {
  const [picked, setPicked] = useState<Picked>(started ? { kind: "ready", practice: started, round: 0 } : { kind: "picking" });
  const [copied, setCopied] = useState<{ text: string; failed: boolean } | null>(null);
  const [scored, setScored] = useState<Scored | null>(null);
  const [scoreError, setScoreError] = useState<string | null>(null);
  const show = useCallback((practice: StartedPractice, round: number) => {
    setPicked({ kind: "ready", practice, round });
    // A reopened panel, and the context menu, go on with the same question.
    void save("practice", practice);
  }, []);
  const pick = useCallback(
    (round: number) =>
      coach.callTool("practice_question", {}).then(
        (practice) => show(practice, round),
        (error: unknown) => setPicked({ kind: "failed", error: message(error) }),
      ),
    [coach, show],
  );
  useEffect(() => {
    if (started) void save("practice", started);
    else void load("practice").then((shown) => (shown ? show(shown, 1) : pick(1)));
  }, [started, pick, show]);
  const question = picked.kind === "ready" ? picked.practice.question : null;
  /** Each selection is scored once, against the question shown when it arrived, not again for the next question. */
  const scoredAt = useRef<number | null>(null);
  useEffect(() => {
    if (!selection || !question || scoredAt.current === selection.at) return;
    scoredAt.current = selection.at;
    let current = true;
    setScoreError(null);
    coach.callTool("evaluate_response", { question: question.text, response: selection.answer, questionId: question.id, category: question.category }).then(
      (evaluation) => current && setScored({ response: selection.answer, evaluation, from: selection.from, at: selection.at }),
      (error: unknown) => current && setScoreError(`Could not score the selected answer: ${message(error)}`),
    );
    return () => {
      current = false;
    };
  }, [selection, question, coach]);
  const next = () => {
    const round = picked.kind === "ready" ? picked.round + 1 : 1;
    setPicked({ kind: "picking" });
    setCopied(null);
    setScored(null);
    void pick(round);
  };
  /** The profile and the stories the coach suggests for this question, for the person to paste into claude.ai or chatgpt.com. */
  const copyContext = async (practice: StartedPractice) => {
    try {
      const [{ profile }, { stories }] = await Promise.all([coach.callTool("get_profile", {}), coach.callTool("get_star_stories", {})]);
      const fitting = practice.suggestedStoryIds.flatMap((id) => stories.filter((story) => story.id === id));
      await navigator.clipboard.writeText(twinContext(profile, practice.question, fitting));
      setCopied({
        text: `Copied your profile and ${fitting.length} ${fitting.length === 1 ? "story" : "stories"} for this question: paste them into the chat.`,
        failed: false,
      });
    } catch (error) {
      setCopied({ text: `Could not copy the twin context: ${message(error)}`, failed: true });
    }
  };
  if (picked.kind === "picking") return <p className="status muted">Picking your next question…</p>;
  if (picked.kind === "failed")
    return (
      <p className="status error" role="alert">
        Could not pick a question: {picked.error}
      </p>
    );
  const { practice, round } = picked;
  const actions: PracticeActions = {
    score: (args) => coach.callTool("evaluate_response", args),
    record: (args) => coach.record(args),
  };
  return (
    <>
      {scored && (
        <p className="note" role="status">
          Scored the answer you selected{scored.from ? ` on ${scored.from}` : ""} against this question.
        </p>
      )}
      {scoreError && (
        <p className="status error" role="alert">
          {scoreError}
        </p>
      )}
      <Practice
        key={`${practice.question.id}:${round}:${scored?.at ?? "own"}`}
        scored={scored ?? undefined}
        question={{ text: practice.question.text, id: practice.question.id, category: practice.question.category, explanation: practice.explanation }}
        actions={actions}
        now={() => Date.now()}
        onRecorded={onRecorded}
      />
      <div className="toolbar">
        <VscodeButton secondary onClick={next}>
          Next question
        </VscodeButton>
        <VscodeButton secondary onClick={() => void copyContext(practice)}>
          Copy twin context
        </VscodeButton>
      </div>
      {copied && (
        <p className={copied.failed ? "status error" : "note"} role={copied.failed ? "alert" : "status"}>
          {copied.text}
        </p>
      )}
    </>
  );
}
