import { verdictWords } from "#protocol/ab-verdict.js";
import type { AbTestResult } from "#protocol/webview-protocol.js";
import { AnswerCard } from "./AnswerCard";

/** The sequential test's word: decided only on evidence that stays honest however often you look. */
function SequentialLine({ result }: { result: AbTestResult }) {
  // A result saved by an earlier version has no sequential fields.
  if (result.evidence === undefined) return <>{result.status}</>;
  const words = verdictWords(result, result.control.variantId, result.test.variantId);
  return (
    <>
      {result.status === "decided" ? <strong>{words.headline}</strong> : words.headline}
      {words.detail && ` (${words.detail})`}
      {words.risk && <span className="muted"> · {words.risk}</span>}
    </>
  );
}

function Verdict({ result }: { result: AbTestResult }) {
  const p = Math.round(result.probabilityTestBetter * 100);
  return (
    <section className="verdict" aria-live="polite">
      <p>
        <strong>{result.tally.trials}</strong> {result.tally.trials === 1 ? "trial" : "trials"} of this pair: {result.control.variantId}{" "}
        {result.tally.controlWins} · {result.test.variantId} {result.tally.testWins} · ties {result.tally.ties}
        {!result.countedAsNew && <span className="muted"> (these two answers were judged before; this judgment replaced that one)</span>}
      </p>
      <p>
        P({result.test.variantId} is better) = <strong>{p}%</strong> · <SequentialLine result={result} />
      </p>
    </section>
  );
}

/** One trial: the verdict on the pair so far and the two answers side by side with their scores. */
export function TrialResult({ result }: { result: AbTestResult }) {
  return (
    <>
      <Verdict result={result} />
      <div className="answers">
        <AnswerCard title="Control" side={result.control} won={result.outcome === "control"} />
        <AnswerCard title="Test" side={result.test} won={result.outcome === "test"} />
      </div>
    </>
  );
}
