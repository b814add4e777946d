import { useTransport } from "../../bridge/transport";
import { useRequest } from "../../bridge/use-request";
import { VscodeButton } from "../../components/elements";
import { ErrorMessage, Loading } from "../../components/StatusMessage";
import type { Recommendations } from "#protocol/webview-protocol.js";

type Recommendation = Recommendations["recommendations"][number];

function evidenceText(evidence: Recommendation["evidence"]): string {
  return Object.entries(evidence)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k.replace(/([A-Z])/g, " $1").toLowerCase()}: ${typeof v === "number" && v > 0 && v < 1 ? `${Math.round(v * 100)}%` : v}`)
    .join(" · ");
}

function Action({ action }: { action: Recommendation["action"] }) {
  const { request } = useTransport();
  switch (action.type) {
    case "practise_question":
      return <VscodeButton onClick={() => void request("practice/start", { questionId: action.questionId })}>Practise this question</VscodeButton>;
    case "prefer_strategy":
      return (
        <p className="muted">
          Use <strong>{action.variantId}</strong> over {action.overVariantId}
          {action.category ? ` for ${action.category} questions` : ""}.
        </p>
      );
    case "strengthen_story":
      return <p className="muted">Edit the story in your twin file: add {action.missing.join(" and ")}.</p>;
    case "add_story":
      return <p className="muted">Add a STAR story showing {action.competency.replace(/-/g, " ")} to your twin file.</p>;
    case "prepare_requirement":
      return action.question ? <p className="muted">Rehearse aloud: “{action.question}”</p> : null;
  }
}

export function App() {
  const { data, error, reload } = useRequest("recommendations/get", { limit: 8 });
  if (error) return <ErrorMessage message={error} onRetry={reload} />;
  if (!data) return <Loading what="recommendations" />;
  if (data.recommendations.length === 0)
    return <p className="empty-state">Nothing to recommend right now: your practice is balanced. Keep your streak going.</p>;
  return (
    <ol className="cards">
      {data.recommendations.map((r) => (
        <li key={r.rank} className={`card priority-${r.priority}`}>
          <h3>
            <span className={`badge ${r.priority}`}>{r.priority}</span> {r.title}
          </h3>
          <p>{r.reason}</p>
          <p className="evidence">{evidenceText(r.evidence)}</p>
          <Action action={r.action} />
        </li>
      ))}
    </ol>
  );
}
