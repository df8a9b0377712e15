import { formatDate, formatScore } from "~/utils/format";

type Week = { weekStart: string; evaluations: number; averageScore: number | null };

const WIDTH = 480;
const HEIGHT = 90;
const PAD = 8;
const LEFT = 28; // room for the axis labels

/**
 * Weekly average score as an inline SVG sparkline (0 to 100 on the y axis; weeks without evaluations
 * break the line), with the numbers in a table below for exact values and screen readers.
 */
export function ScoreTrend({ weeks }: { weeks: Week[] }) {
  const x = (i: number) => LEFT + (i * (WIDTH - LEFT - PAD)) / Math.max(1, weeks.length - 1);
  const y = (score: number) => PAD + ((100 - score) * (HEIGHT - 2 * PAD)) / 100;
  // Consecutive weeks with a score form one segment.
  const segments: { i: number; score: number }[][] = [];
  weeks.forEach((w, i) => {
    if (w.averageScore === null) return;
    const last = segments.at(-1);
    if (last && last.at(-1)!.i === i - 1) last.push({ i, score: w.averageScore });
    else segments.push([{ i, score: w.averageScore }]);
  });
  const scored = weeks.filter((w) => w.averageScore !== null);
  return (
    <div className="score-trend">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`Weekly average score, ${scored.length} of ${weeks.length} weeks with evaluations`}
      >
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <text x={LEFT - 6} y={y(v) + 3} textAnchor="end" className="axis-label">
              {v}
            </text>
            <line x1={LEFT} x2={WIDTH - PAD} y1={y(v)} y2={y(v)} className="grid-line" />
          </g>
        ))}
        {segments.map((segment) => (
          <polyline
            key={segment[0].i}
            points={segment.map((p) => `${x(p.i)},${y(p.score)}`).join(" ")}
            className="trend-line"
          />
        ))}
        {segments.flat().map((p) => (
          <circle key={p.i} cx={x(p.i)} cy={y(p.score)} r={3} className="trend-dot">
            <title>{`Week of ${formatDate(weeks[p.i].weekStart)}: ${formatScore(p.score)}`}</title>
          </circle>
        ))}
      </svg>
      <div className="table-wrap">
        <table className="compact" aria-label="Weekly average score">
          <thead>
            <tr>
              <th>Week of</th>
              {weeks.map((w) => (
                <th key={w.weekStart} className="num">
                  {new Date(`${w.weekStart}T00:00:00Z`).toLocaleDateString("en-GB", {
                    day: "numeric",
                    month: "short",
                    timeZone: "UTC",
                  })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Score</th>
              {weeks.map((w) => (
                <td key={w.weekStart} className="num">
                  {formatScore(w.averageScore)}
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">Evaluations</th>
              {weeks.map((w) => (
                <td key={w.weekStart} className="num">
                  {w.evaluations}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
