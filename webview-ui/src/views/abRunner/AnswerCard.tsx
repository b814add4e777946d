import type { AbTestResult } from "#protocol/webview-protocol.js";
import { DimensionScores } from "../../components/DimensionScores";

type Side = AbTestResult["control"];

export function AnswerCard({ title, side, won }: { title: string; side: Side; won: boolean }) {
  const { evaluation } = side;
  return (
    <article className={`card answer ${won ? "won" : ""}`} aria-label={`${title}: ${side.variantId}, ${evaluation.overall} points`}>
      <h3>
        {title}: {side.variantId} <span className="badge">{evaluation.overall}</span>{" "}
        {won && <span className="codicon codicon-star-full" aria-label="winner" />}
      </h3>
      <p className="muted">
        {evaluation.band} · {evaluation.wordCount} words · drafted by {side.source === "template" ? "the template composer" : side.source}
      </p>
      <DimensionScores dimensions={evaluation.dimensions} />
      <details>
        <summary>Answer</summary>
        <p className="answer-text">{side.response}</p>
      </details>
    </article>
  );
}
