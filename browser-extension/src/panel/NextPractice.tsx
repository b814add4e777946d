import { useCallback, useEffect, useState } from "react";
import type { StartedPractice } from "#webview/bridge/tool-transport.js";
import { VscodeButton } from "#webview/components/elements.js";
import { Practice, type PracticeActions } from "#webview/views/practice/Practice.js";
import type { CoachConnection } from "../coach-client";

type Picked = { kind: "picking" } | { kind: "ready"; practice: StartedPractice; round: number } | { kind: "failed"; error: string };

/** The next question the schedule picks (or the one a recommendation started), answered and scored by the rubric here. */
export function NextPractice({ connection, started, onRecorded }: { connection: CoachConnection; started: StartedPractice | null; onRecorded(): void }) {
  const [picked, setPicked] = useState<Picked>(started ? { kind: "ready", practice: started, round: 0 } : { kind: "picking" });
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
    void pick(round);
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
      <VscodeButton secondary onClick={next}>
        Next question
      </VscodeButton>
    </>
  );
}
