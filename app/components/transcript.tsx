import type { TranscriptTurn } from "../../db/schema";

function formatClock(seconds: number) {
  return `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, "0")}`;
}

/** Speaker turns with their offset from the start of the interaction. */
export function Transcript({ turns }: { turns: TranscriptTurn[] }) {
  if (turns.length === 0) return <p className="muted">No transcript.</p>;
  return (
    <ol className="transcript" aria-label="Transcript">
      {turns.map((turn, index) => (
        <li key={index} className={`turn ${turn.speaker}`}>
          <div className="meta">
            {turn.speaker} · {formatClock(turn.atSeconds)}
          </div>
          {turn.text}
        </li>
      ))}
    </ol>
  );
}
