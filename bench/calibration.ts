import { evaluateAnswer, type Band } from "../mcp-server/src/domain/rubric/index.js";
import { CALIBRATION_ANSWERS } from "../test/fixtures/calibration/index.js";

const BANDS: Band[] = ["weak", "developing", "good", "strong"];

/** Average ranks (ties share their mean rank), for Spearman's rank correlation. */
function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const result = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.v === order[start]!.v) end++;
    for (let k = start; k <= end; k++) result[order[k]!.i] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return result;
}

function pearson(x: readonly number[], y: readonly number[]): number {
  const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** How the rubric's bands and scores agree with the interviewer labels: the figures the targets are set on. */
export function calibration(): string[] {
  const scored = CALIBRATION_ANSWERS.map((a) => ({ a, e: evaluateAnswer({ question: a.question, response: a.response, category: a.category }) }));
  const agree = scored.filter(({ a, e }) => a.band === e.band).length;
  const spearman = pearson(
    ranks(scored.map(({ a }) => BANDS.indexOf(a.band))),
    ranks(scored.map(({ e }) => e.overall)),
  );
  const byBand = BANDS.map((band) => {
    const scores = scored.filter(({ a }) => a.band === band).map(({ e }) => e.overall);
    return `${band} ${(scores.reduce((s, v) => s + v, 0) / scores.length).toFixed(0)} (${Math.min(...scores)}–${Math.max(...scores)}, n=${scores.length})`;
  });
  return [
    `Rubric against ${CALIBRATION_ANSWERS.length} interviewer-labelled answers (test/fixtures/calibration)`,
    `  band agreement ${((100 * agree) / scored.length).toFixed(0)}% (target ≥ 80%), Spearman ${spearman.toFixed(2)} (target ≥ 0.8)`,
    `  mean overall by labelled band: ${byBand.join(", ")}`,
  ];
}
