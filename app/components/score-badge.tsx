import { formatScore } from "~/utils/format";

export function ScoreBadge({ score, passed }: { score: number | null; passed: boolean | null }) {
  const tone = passed === null ? "neutral" : passed ? "good" : "bad";
  return (
    <span className={`badge ${tone}`} title={passed === null ? "Not scorable" : passed ? "Passed" : "Failed"}>
      {formatScore(score)}
    </span>
  );
}
