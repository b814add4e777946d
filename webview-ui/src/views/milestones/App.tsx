import { useRequest } from "../../bridge/use-request";
import { ErrorMessage, Loading } from "../../components/StatusMessage";

/** Sustained milestones (a mean over a window of attempts) read as percentages; the rest are counts. */
const shown = (value: number, sustained: boolean) => (sustained ? `${Math.round(value * 100)}%` : String(value));

export function App() {
  const { data, error, reload } = useRequest("milestones/get", { count: 6 });
  if (error) return <ErrorMessage message={error} onRetry={reload} />;
  if (!data) return <Loading what="milestones" />;
  return (
    <main>
      <h2>Next milestones</h2>
      <ul className="milestones">
        {data.next.map((m) => (
          <li key={m.id}>
            <div className="milestone-head">
              <span>{m.title}</span>
              <span className="muted">
                {shown(m.current, m.window !== undefined)} / {shown(m.target, m.window !== undefined)}
              </span>
            </div>
            <progress max={1} value={m.progress} aria-label={`${m.title}: ${Math.round(m.progress * 100)}% of the way`} />
            <p className="muted">{m.description}</p>
          </li>
        ))}
      </ul>
      <h2>Achieved</h2>
      {data.achieved.length === 0 ? (
        <p className="muted">None yet: your first answer unlocks the first one.</p>
      ) : (
        <ul className="achieved">
          {data.achieved.map((a) => (
            <li key={a.id}>
              <span className="codicon codicon-pass-filled" aria-hidden="true" /> {a.title}{" "}
              <span className="muted">· {new Date(a.achievedAt).toLocaleDateString()}</span>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
