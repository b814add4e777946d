import { useCallback, useEffect, useState } from "react";
import type { StartedPractice } from "#webview/bridge/tool-transport.js";
import { VscodeButton } from "#webview/components/elements.js";
import { Practice, type PracticeActions } from "#webview/views/practice/Practice.js";
import type { CoachConnection } from "../coach-client";
import { twinContext } from "../twin-context";

type Picked = { kind: "picking" } | { kind: "ready"; practice: StartedPractice; round: number } | { kind: "failed"; error: string };

/** The next question the schedule picks (or the one a recommendation started), answered and scored by the rubric here. */
export function NextPractice({ connection, started, onRecorded }: { connection: CoachConnection; started: StartedPractice | null; onRecorded(): void }) {
  const [picked, setPicked] = useState<Picked>(started ? { kind: "ready", practice: started, round: 0 } : { kind: "picking" });
  const [copied, setCopied] = useState<{ text: string; failed: boolean } | null>(null);
  const pick = useCallback(
    (round: number) =>
      connection.callTool("practice_question", {}).then(
        (practice) => setPicked({ kind: "ready", practice, round }),
        (error: unknown) => setPicked({ kind: "failed", error: error instanceof Error ? error.message : String(error) }),
      ),
    [connection],
  );
  useEffect(() => {
    if (!started) void pick(1);
  }, [started, pick]);
  const next = () => {
    const round = picked.kind === "ready" ? picked.round + 1 : 1;
    setPicked({ kind: "picking" });
    setCopied(null);
    void pick(round);
  };
  /** The profile and the stories the coach suggests for this question, for the person to paste into claude.ai or chatgpt.com. */
  const copyContext = async (practice: StartedPractice) => {
    try {
      const [{ profile }, { stories }] = await Promise.all([connection.callTool("get_profile", {}), connection.callTool("get_star_stories", {})]);
      const fitting = practice.suggestedStoryIds.flatMap((id) => stories.filter((story) => story.id === id));
      await navigator.clipboard.writeText(twinContext(profile, practice.question, fitting));
      setCopied({
        text: `Copied your profile and ${fitting.length} ${fitting.length === 1 ? "story" : "stories"} for this question: paste them into the chat.`,
        failed: false,
      });
    } catch (error) {
      setCopied({ text: `Could not copy the twin context: ${error instanceof Error ? error.message : String(error)}`, failed: true });
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
    score: (args) => connection.callTool("evaluate_response", args),
    record: (args) => connection.callTool("record_performance", args),
  };
  return (
    <>
      <Practice
        key={`${practice.question.id}:${round}`}
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
