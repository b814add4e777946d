import { useEffect, useRef } from "react";
import { Chart, themeColor } from "./charts";

export interface GaugeProps {
  label: string;
  /** 0–1 of the gauge filled; null draws an empty gauge. */
  fraction: number | null;
  /** The number shown in the middle, already formatted. */
  display: string;
  /** Change against the previous window, formatted with its sign, or null. */
  change: string | null;
  /** Whether a rising value is good (accuracy) or bad (response time). */
  higherIsBetter: boolean;
}

/** A half-doughnut gauge drawn with chart.js, coloured from the active theme. */
export function Gauge({ label, fraction, display, change, higherIsBetter }: GaugeProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const filled = fraction === null ? 0 : Math.max(0, Math.min(1, fraction));
    const chart = new Chart(canvas.current, {
      type: "doughnut",
      data: {
        datasets: [
          {
            data: [filled, 1 - filled],
            backgroundColor: [themeColor("--vscode-charts-blue", "#3794ff"), themeColor("--vscode-editorWidget-border", "#454545")],
            borderWidth: 0,
          },
        ],
      },
      options: {
        rotation: -90,
        circumference: 180,
        cutout: "72%",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { enabled: false } },
      },
    });
    return () => chart.destroy();
  }, [fraction]);
  const direction = change === null || change.startsWith("±") ? "" : change.startsWith("-") === higherIsBetter ? "worse" : "better";
  return (
    <figure className="gauge" aria-label={`${label}: ${display}${change ? `, ${change} against the previous period` : ""}`}>
      <div className="gauge-canvas">
        <canvas ref={canvas} role="img" aria-hidden="true" />
        <span className="gauge-value">{display}</span>
      </div>
      <figcaption>
        {label}
        {change !== null && <span className={`gauge-change ${direction}`}> {change}</span>}
      </figcaption>
    </figure>
  );
}
