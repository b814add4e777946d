import type { ToolResult } from "#contracts/tools.js";

type Evaluation = Pick<ToolResult<"evaluate_response">, "star" | "starSpans">;

const PARTS = [
  ["situation", "Situation"],
  ["task", "Task"],
  ["action", "Action"],
  ["result", "Result"],
] as const;

/** Long enough to recognise the sentence, short enough for a side panel. */
const QUOTE_CHARS = 56;

function quoteOf(answer: string, span: { start: number; end: number } | undefined): string | null {
  if (!span) return null;
  const text = answer.slice(span.start, span.end).replace(/\s+/g, " ").trim();
  return text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1).trimEnd()}…` : text;
}

/** The rubric's score for each STAR part, with where the answer tells it (or that it does not). */
export function StarParts({ evaluation, answer }: { evaluation: Evaluation; answer: string }) {
  return (
    <table className="dimensions star-parts" aria-label="STAR parts">
      <tbody>
        {PARTS.map(([part, name]) => {
          const quote = quoteOf(
            answer,
            evaluation.starSpans.find((span) => span.elements.includes(part)),
          );
          return (
            <tr key={part}>
              <th scope="row">{name}</th>
              <td className="num">{evaluation.star[part]}</td>
              <td className={quote ? "muted" : "muted missing"}>{quote ? `“${quote}”` : "not told"}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
