import type { RevisionChange } from "../../../db/schema";
import { answerLabel } from "~/domain/dispute-items";
import { findCriterion, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { formatDateTime, formatScore } from "~/utils/format";

const REVISION_LABELS = {
  submitted: "Submitted",
  dispute_resolution: "Dispute resolved",
  rescore: "Re-scored",
} as const;

type Revision = {
  number: number;
  kind: keyof typeof REVISION_LABELS;
  at: string;
  reason: string | null;
  changes: RevisionChange[];
  finalScoreBefore: number | null;
  finalScoreAfter: number | null;
  actorName: string;
};

/** Who changed the evaluation, when, why and what: every answer before and after, and the score. */
export function RevisionHistory(props: { definition: ScorecardDefinition; revisions: Revision[]; timeZone: string }) {
  const { definition, revisions, timeZone } = props;
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading" style={{ marginTop: 0 }}>
        History
      </h2>
      {revisions.length === 0 ? (
        <p className="muted">No recorded revisions (imported or seeded evaluation).</p>
      ) : (
        <ol className="history">
          {revisions.map((r) => (
            <li key={r.number}>
              <strong>{REVISION_LABELS[r.kind]}</strong> by {r.actorName}, {formatDateTime(r.at, timeZone)}
              {r.kind !== "submitted" ? (
                <>
                  {" "}
                  · score {formatScore(r.finalScoreBefore)} → {formatScore(r.finalScoreAfter)}
                  {r.reason ? <div className="small">Why: {r.reason}</div> : null}
                  <ul className="small">
                    {r.changes.map((c) => {
                      const criterion = findCriterion(definition, c.criterionKey);
                      return (
                        <li key={c.criterionKey}>
                          {criterion?.label ?? c.criterionKey}: <del>{answerLabel(criterion, c.before)}</del> →{" "}
                          <ins>{answerLabel(criterion, c.after)}</ins>
                        </li>
                      );
                    })}
                  </ul>
                </>
              ) : (
                <> · final score {formatScore(r.finalScoreAfter)}</>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
