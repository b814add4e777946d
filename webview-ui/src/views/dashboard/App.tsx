import { useMemo, useState } from "react";
import type { Period } from "#protocol/webview-protocol.js";
import { useTransport } from "../../bridge/transport";
import { useRequest } from "../../bridge/use-request";
import { VscodeButton, VscodeOption, VscodeSingleSelect } from "../../components/elements";
import { Gauge } from "../../components/Gauge";
import { ErrorMessage, Loading } from "../../components/StatusMessage";
import { TrendChart } from "../../components/TrendChart";
import { PERIOD_LABELS, percent, signed, trendLabels } from "./format";

const CATEGORY_TITLE = (category: string) => category.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());

/** The saved target role, which practice and recommendations now favour. */
function TargetRole() {
  const { data } = useRequest("jobFit/get", {});
  const fit = data?.saved ? data.analysis : null;
  if (!fit) return null;
  const focus = fit.focusCompetencies.slice(0, 3).map((c) => c.replace(/-/g, " "));
  return (
    <section className="note target-role" aria-label="Target role">
      Preparing for <strong>{[fit.role, fit.company].filter(Boolean).join(" at ") || "your target role"}</strong>: fit {fit.fit}/100, {fit.gaps.length} gap
      {fit.gaps.length === 1 ? "" : "s"}
      {focus.length ? `; practice favours ${focus.join(", ")}` : ""}.
    </section>
  );
}

export function App() {
  const { request, loadState, saveState } = useTransport();
  const [period, setPeriod] = useState<Period>(() => loadState<Period>("period", "weekly"));
  const { data: report, error, reload } = useRequest("dashboard/report", { period });
  const choosePeriod = (chosen: Period) => {
    setPeriod(chosen);
    saveState("period", chosen);
  };

  const labels = useMemo(() => (report ? trendLabels(report) : []), [report]);
  const values = useMemo(() => (report ? report.trend.map((p) => p.accuracy) : []), [report]);

  if (error) return <ErrorMessage message={error} onRetry={reload} />;
  if (!report) return <Loading what="your analytics" />;

  const { current, change } = report;
  const neverPractised = current.empty && report.previous.empty && report.streakDays === 0;
  return (
    <main className="dashboard">
      <header className="toolbar">
        <label htmlFor="period">Period</label>
        <VscodeSingleSelect id="period" value={period} onChange={(e) => choosePeriod((e.target as HTMLSelectElement).value as Period)}>
          {(Object.keys(PERIOD_LABELS) as Period[]).map((p) => (
            <VscodeOption key={p} value={p}>
              {PERIOD_LABELS[p]}
            </VscodeOption>
          ))}
        </VscodeSingleSelect>
      </header>
      <TargetRole />
      {neverPractised ? (
        <section className="empty-state">
          <h2>No practice yet</h2>
          <p>Answer one question from the bank and your accuracy, story coverage, satisfaction and response time appear here.</p>
          <VscodeButton onClick={() => void request("practice/start", {})}>Start your first practice</VscodeButton>
        </section>
      ) : (
        <>
          {current.empty && <p className="note">Nothing practised in this period; the change compares with the period before.</p>}
          <section className="gauges" aria-label="Performance gauges">
            <Gauge
              label="Accuracy"
              fraction={current.accuracy}
              display={percent(current.accuracy)}
              change={signed(change?.accuracy, "points")}
              higherIsBetter
            />
            <Gauge
              label="Story coverage"
              fraction={current.storyCoverage}
              display={percent(current.storyCoverage)}
              change={signed(change?.storyCoverage, "points")}
              higherIsBetter
            />
            <Gauge
              label="Satisfaction"
              fraction={current.satisfaction === null ? null : (current.satisfaction - 1) / 4}
              display={current.satisfaction === null ? "–" : `${current.satisfaction.toFixed(1)} / 5`}
              change={signed(change?.satisfaction, "rating")}
              higherIsBetter
            />
            <Gauge
              label="Response time (median)"
              fraction={current.responseTime === null ? null : Math.min(1, current.responseTime.p50 / 180)}
              display={current.responseTime === null ? "–" : `${Math.round(current.responseTime.p50)} s`}
              change={signed(change?.responseTimeP50, "seconds")}
              higherIsBetter={false}
            />
          </section>
          <section aria-label="Accuracy trend">
            <h2>Accuracy, {PERIOD_LABELS[period].toLowerCase()}</h2>
            <TrendChart labels={labels} values={values} />
          </section>
          <dl className="facts">
            <dt>Attempts</dt>
            <dd>
              {current.attempts} <span className="muted">({report.previous.attempts} the period before)</span>
            </dd>
            <dt>Weakest category</dt>
            <dd>
              {report.weakestCategory
                ? `${CATEGORY_TITLE(report.weakestCategory.category)} · ${percent(report.weakestCategory.accuracy)} over ${report.weakestCategory.attempts}`
                : "–"}
            </dd>
            <dt>Streak</dt>
            <dd>
              {report.streakDays} day{report.streakDays === 1 ? "" : "s"}
            </dd>
          </dl>
        </>
      )}
    </main>
  );
}
