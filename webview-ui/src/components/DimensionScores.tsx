import type { AbTestResult } from "#protocol/webview-protocol.js";

type Dimensions = AbTestResult["control"]["evaluation"]["dimensions"];

const DIMENSIONS = ["structure", "relevance", "specificity", "ownership", "conciseness", "clarity"] as const;

/** The rubric's six dimension scores, each as a bar and a number. */
export function DimensionScores({ dimensions }: { dimensions: Dimensions }) {
  return (
    <table className="dimensions">
      <tbody>
        {DIMENSIONS.map((d) => (
          <tr key={d}>
            <th scope="row">{d}</th>
            <td>
              <progress max={100} value={dimensions[d]} aria-label={`${d} ${dimensions[d]}`} />
            </td>
            <td className="num">{dimensions[d]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
