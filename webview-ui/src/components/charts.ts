import { ArcElement, CategoryScale, Chart, DoughnutController, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from "chart.js";

// Registered one by one so the bundle carries only these chart types.
Chart.register(DoughnutController, ArcElement, LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Tooltip);

/** A theme colour from VS Code's CSS variables, read when a chart is drawn so theme changes apply. */
export function themeColor(variable: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(variable).trim();
  return value || fallback;
}

export { Chart };
