import { useEffect, useRef } from "react";
import { Chart, themeColor } from "./charts";

export interface TrendChartProps {
  labels: string[];
  /** Mean accuracy per bucket, 0–1; null where nothing was practised. */
  values: (number | null)[];
}

/** Accuracy over the chosen period; gaps stay gaps rather than zeros. */
export function TrendChart({ labels, values }: TrendChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const line = themeColor("--vscode-charts-blue", "#3794ff");
    const text = themeColor("--vscode-foreground", "#cccccc");
    const grid = themeColor("--vscode-editorWidget-border", "#454545");
    const chart = new Chart(canvas.current, {
      type: "line",
      data: {
        labels,
        datasets: [
          {
            label: "Accuracy",
            data: values.map((v) => (v === null ? null : Math.round(v * 100))),
            borderColor: line,
            backgroundColor: line,
            spanGaps: false,
            pointRadius: 3,
            tension: 0.25,
          },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { min: 0, max: 100, ticks: { color: text, callback: (v) => `${v}%` }, grid: { color: grid } },
          x: { ticks: { color: text, maxTicksLimit: 7 }, grid: { display: false } },
        },
        plugins: { tooltip: { callbacks: { label: (item) => `${item.formattedValue}% accuracy` } } },
      },
    });
    return () => chart.destroy();
  }, [labels, values]);
  return (
    <div className="trend-chart">
      <canvas ref={canvas} role="img" aria-label="Accuracy trend" />
    </div>
  );
}
