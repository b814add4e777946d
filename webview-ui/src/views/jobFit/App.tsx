import { useState } from "react";
import type { JobFit, JobFitState } from "#protocol/webview-protocol.js";
import { useTransport } from "../../bridge/transport";
import { useRequest } from "../../bridge/use-request";
import { VscodeButton } from "../../components/elements";
import { ErrorMessage, Loading } from "../../components/StatusMessage";

type Requirement = JobFit["requirements"][number];

const STRENGTH_LABEL: Record<Requirement["evidence"]["strength"], string> = { strong: "strong", partial: "partial", none: "gap" };
const KIND_ORDER: Requirement["kind"][] = ["skill", "competency", "seniority", "domain"];
const KIND_TITLE: Record<Requirement["kind"], string> = { skill: "Skills and tools", competency: "Competencies", seniority: "Seniority", domain: "Domain" };
const label = (r: Requirement) => (r.kind === "competency" ? r.name.replace(/-/g, " ") : r.name);

/** Requirement × evidence: what the posting asks, how much it matters, and where the twin shows it. */
function Matrix({ fit }: { fit: JobFit }) {
  return (
    <table className="fit-matrix">
      <caption className="visually-hidden">Requirements and your evidence</caption>
      <thead>
        <tr>
          <th scope="col">Requirement</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      {KIND_ORDER.filter((k) => fit.requirements.some((r) => r.kind === k)).map((kind) => (
        <tbody key={kind}>
          <tr>
            <th scope="rowgroup" colSpan={2} className="fit-group">
              {KIND_TITLE[kind]}
            </th>
          </tr>
          {fit.requirements
            .filter((r) => r.kind === kind)
            .map((r) => (
              <tr key={r.id} title={`The posting says: “${r.quote}”`}>
                <th scope="row">
                  {label(r)} <span className={`badge importance-${r.importance}`}>{r.importance === "must" ? "must" : "nice"}</span>
                </th>
                <td>
                  <span className={`strength strength-${r.evidence.strength}`}>{STRENGTH_LABEL[r.evidence.strength]}</span> {r.evidence.reason}
                </td>
              </tr>
            ))}
        </tbody>
      ))}
    </table>
  );
}

function Practice({ fit }: { fit: JobFit }) {
  const { request } = useTransport();
  return (
    <ol className="cards">
      {fit.practice.map((p, i) => (
        <li key={i} className="card">
          <p>
            {p.forGap && <span className="badge high">gap</span>} {p.question}
          </p>
          {p.source === "generated" && <p className="evidence">Generated from the posting; practised and recorded under {p.category.replace(/-/g, " ")}.</p>}
          <VscodeButton
            secondary
            onClick={() =>
              void request(
                "practice/start",
                p.questionId ? { questionId: p.questionId } : { generated: { question: p.question, category: p.category, lookFor: p.lookFor } },
              )
            }
          >
            Practise this question
          </VscodeButton>
        </li>
      ))}
    </ol>
  );
}

export function App() {
  const { request } = useTransport();
  const { data, error, reload } = useRequest("jobFit/get", {});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const act = (method: "jobFit/saveTarget" | "jobFit/clearTarget" | "jobFit/analyze") => {
    setBusy(true);
    setProblem(null);
    request(method, {})
      .then(() => reload())
      .catch((e: Error) => setProblem(e.message))
      .finally(() => setBusy(false));
  };
  if (error) return <ErrorMessage message={error} onRetry={reload} />;
  if (!data) return <Loading what="job fit" />;
  const state: JobFitState = data;
  const fit = state.analysis;
  if (!fit)
    return (
      <div className="empty-state">
        <p>
          Paste a job description into an editor (or select part of one) and analyse it: the requirements, your evidence for each, the gaps and what to
          practise.
        </p>
        <VscodeButton onClick={() => act("jobFit/analyze")}>Analyze Job Description</VscodeButton>
      </div>
    );
  const title = [fit.role, fit.company].filter(Boolean).join(" at ") || "This job";
  return (
    <main className="job-fit">
      <header className="fit-head">
        <h2>{title}</h2>
        <p className="fit-score">
          <strong>{fit.fit}</strong>/100 <span className={`badge fit-${fit.band}`}>{fit.band} fit</span>
          {state.saved && <span className="badge">target role</span>}
        </p>
        <p>{fit.explanation}</p>
        <div className="toolbar">
          {state.saved ? (
            <VscodeButton secondary disabled={busy} onClick={() => act("jobFit/clearTarget")}>
              Remove Target Role
            </VscodeButton>
          ) : (
            <VscodeButton disabled={busy} onClick={() => act("jobFit/saveTarget")}>
              Save as Target Role
            </VscodeButton>
          )}
          <VscodeButton secondary disabled={busy} onClick={() => act("jobFit/analyze")}>
            Analyze Another
          </VscodeButton>
        </div>
        {problem && (
          <p className="status error" role="alert">
            {problem}
          </p>
        )}
      </header>
      <h3>Gaps ({fit.gaps.length})</h3>
      {fit.gaps.length === 0 ? (
        <p className="muted">No gaps: your twin shows evidence for every requirement.</p>
      ) : (
        <ul className="gaps">
          {fit.gaps.map((g) => (
            <li key={g.requirementId}>
              <strong>{g.kind === "competency" ? g.name.replace(/-/g, " ") : g.name}</strong> <span className="badge">{g.importance}</span> {g.prepare}
            </li>
          ))}
        </ul>
      )}
      <h3>Practice for this job</h3>
      <Practice fit={fit} />
      <h3>Requirements and your evidence</h3>
      <Matrix fit={fit} />
    </main>
  );
}
