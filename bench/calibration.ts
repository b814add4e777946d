import { agreement, BANDS, type Agreement } from "../test/fixtures/calibration/agreement.js";
import { CALIBRATION_ANSWERS, CALIBRATION_HELD_OUT } from "../test/fixtures/calibration/index.js";

function figures(name: string, a: Agreement): string[] {
  const byBand = BANDS.map((band) => {
    const scores = a.scored.filter((s) => s.answer.band === band).map((s) => s.overall);
    return `${band} ${(scores.reduce((s, v) => s + v, 0) / scores.length).toFixed(0)} (${Math.min(...scores)}–${Math.max(...scores)}, n=${scores.length})`;
  });
  return [
    `  ${name}: ${a.count} answers, band agreement ${(100 * a.bandAgreement).toFixed(0)}% (target ≥ 80%), Spearman ${a.spearman.toFixed(2)} (target ≥ 0.8)`,
    `    mean overall by labelled band: ${byBand.join(", ")}`,
  ];
}

/** How the rubric's bands and scores agree with the interviewer labels: the figures the judge's targets are set on. */
export function calibration(): string[] {
  const lines = ["Rubric against interviewer-labelled answers (test/fixtures/calibration)"];
  lines.push(...figures("development set", agreement(CALIBRATION_ANSWERS)));
  if (CALIBRATION_HELD_OUT.length) lines.push(...figures("held-out set (written and labelled apart from the rubric)", agreement(CALIBRATION_HELD_OUT)));
  lines.push(...figures("all", agreement([...CALIBRATION_ANSWERS, ...CALIBRATION_HELD_OUT])));
  return lines;
}
