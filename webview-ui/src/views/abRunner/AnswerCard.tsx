import type { AbTestResult } from "../../../../extension/src/protocol/webview-protocol";

type Side = AbTestResult["control"];

const DIMENSIONS = ["structure", "relevance", "specificity", "ownership", "conciseness", "clarity"] as const;

export function AnswerCard({ title, side, won }: { title: string; side: Side; won: boolean }) {
  const { evaluation } = side;
  return (
    <article className={`card answer ${won ? "won" : ""}`} aria-label={`${title}: ${side.variantId}, ${evaluation.overall} points`}>
      <h3>
        {title}: {side.variantId} <span className="badge">{evaluation.overall}</span> {won && <span className="codicon codicon-star-full" aria-label="winner" />}
      </h3>
      <p className="muted">
        {evaluation.band} · {evaluation.wordCount} words · drafted by {side.source === "template" ? "the template composer" : side.source}
      </p>
      <table className="dimensions">
        <tbody>
          {DIMENSIONS.map((d) => (
            <tr key={d}>
              <th scope="row">{d}</th>
              <td>
                <progress max={100} value={evaluation.dimensions[d]} aria-label={`${d} ${evaluation.dimensions[d]}`} />
              </td>
              <td className="num">{evaluation.dimensions[d]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>Answer</summary>
        <p className="answer-text">{side.response}</p>
      </details>
    </article>
  );
}
