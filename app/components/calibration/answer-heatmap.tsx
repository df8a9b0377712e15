import { Form, useNavigation } from "@remix-run/react";
import { normaliseAnswer, type Criterion, type ScorecardDefinition } from "~/domain/scorecard-definition";
import { formatScore } from "~/utils/format";

type Answer = {
  reviewerId: string;
  criterionKey: string;
  value: number | null;
  na: boolean;
  comment: string | null;
  finalScore: number | null;
};
type Consensus = {
  criterionKey: string;
  value: number | null;
  na: boolean;
  rationale: string | null;
  decidedByName: string;
  decidedAt: string;
};
type Note = { id: string; criterionKey: string; body: string; authorName: string };
type Participant = { userId: string; name: string; partyLabel: string; isBenchmark: boolean };

function optionLabel(criterion: Criterion, value: number | null, na: boolean) {
  if (na) return "N/A";
  const option = criterion.scale.options.find((o) => o.value === value);
  return option ? `${value} · ${option.label}` : String(value);
}

/** Red (worst answer) to green (best) through yellow, from the answer's place on its scale. */
function heat(criterion: Criterion, value: number | null, na: boolean) {
  if (na || value === null) return undefined;
  const share = normaliseAnswer(criterion.scale, value);
  return { background: `hsl(${Math.round(share * 120)}, 65%, 88%)` };
}

function sameAnswer(a: { value: number | null; na: boolean }, b: { value: number | null; na: boolean }) {
  return a.na === b.na && a.value === b.value;
}

/**
 * One interaction's answers: criteria down, participants across, the consensus beside them, and the
 * discussion per criterion. A row is highlighted when the submitted answers are not all the same.
 */
export function AnswerHeatmap(props: {
  definition: ScorecardDefinition;
  interactionId: string;
  participants: Participant[];
  answers: Answer[];
  consensus: Consensus[];
  notes: Note[];
  canDecide: boolean;
  canDiscuss: boolean;
  errors: { key: string; fieldErrors: Record<string, string> } | null;
}) {
  const busy = useNavigation().state !== "idle";
  const byCell = new Map(props.answers.map((a) => [`${a.reviewerId}:${a.criterionKey}`, a]));
  const totals = new Map(props.answers.map((a) => [a.reviewerId, a.finalScore]));
  const scored = props.participants.filter((p) => totals.has(p.userId));
  const scores = scored.map((p) => totals.get(p.userId)).filter((s): s is number => typeof s === "number");
  const mean = scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
  const consensusByKey = new Map(props.consensus.map((c) => [c.criterionKey, c]));
  return (
    <div className="table-wrap">
      <table className="heatmap" aria-label="Answers per criterion and participant">
        <thead>
          <tr>
            <th>Criterion</th>
            {scored.map((p) => (
              <th key={p.userId} scope="col">
                {p.name}
                <span className="small muted block">
                  {p.name.startsWith(p.partyLabel) ? "" : p.partyLabel}
                  {p.isBenchmark ? " · benchmark" : ""}
                </span>
              </th>
            ))}
            <th scope="col">Consensus</th>
            <th scope="col">Discussion</th>
          </tr>
        </thead>
        <tbody>
          {props.definition.sections.map((section) => [
            <tr key={section.key} className="section-row">
              <th colSpan={scored.length + 3} scope="rowgroup">
                {section.label}
              </th>
            </tr>,
            ...section.criteria.map((criterion) => {
              const cells = scored.map((p) => byCell.get(`${p.userId}:${criterion.key}`) ?? null);
              const given = cells.filter((c): c is Answer => c !== null);
              const disagree = given.some((c) => !sameAnswer(c, given[0]));
              const decided = consensusByKey.get(criterion.key);
              const notes = props.notes.filter((n) => n.criterionKey === criterion.key);
              const key = `${props.interactionId}:${criterion.key}`;
              const errors = props.errors?.key === key ? props.errors.fieldErrors : {};
              return (
                <tr key={criterion.key} className={disagree ? "disagree" : undefined}>
                  <th scope="row">
                    {criterion.label}
                    {disagree ? <span className="badge warn">disagreement</span> : null}
                  </th>
                  {cells.map((cell, i) => (
                    <td
                      key={scored[i].userId}
                      style={cell ? heat(criterion, cell.value, cell.na) : undefined}
                      className={cell && decided && !sameAnswer(cell, decided) ? "off-consensus" : undefined}
                      title={cell?.comment ?? undefined}
                    >
                      {cell ? optionLabel(criterion, cell.value, cell.na) : <span className="muted">—</span>}
                      {cell?.comment ? <span className="small muted block">“{cell.comment}”</span> : null}
                    </td>
                  ))}
                  <td>
                    {decided ? (
                      <div>
                        <strong>{optionLabel(criterion, decided.value, decided.na)}</strong>
                        {decided.rationale ? <span className="small block">{decided.rationale}</span> : null}
                      </div>
                    ) : (
                      <span className="muted small">none yet</span>
                    )}
                    {props.canDecide ? (
                      <details open={Object.keys(errors).length > 0}>
                        <summary className="small">{decided ? "Change" : "Record consensus"}</summary>
                        <Form method="post" className="stack consensus-form">
                          <input type="hidden" name="intent" value="consensus" />
                          <input type="hidden" name="interactionId" value={props.interactionId} />
                          <input type="hidden" name="criterionKey" value={criterion.key} />
                          <input type="hidden" name="previousDecidedAt" value={decided?.decidedAt ?? "none"} />
                          <label className="visually-hidden" htmlFor={`c-${criterion.key}`}>
                            Consensus answer for {criterion.label}
                          </label>
                          <select
                            id={`c-${criterion.key}`}
                            name="value"
                            defaultValue={decided ? (decided.na ? "na" : String(decided.value)) : ""}
                          >
                            <option value="">Choose…</option>
                            {criterion.scale.options.map((o) => (
                              <option key={o.value} value={o.value}>
                                {o.value} · {o.label}
                              </option>
                            ))}
                            {criterion.naAllowed ? <option value="na">N/A</option> : null}
                          </select>
                          {errors.value ? <span className="error">{errors.value}</span> : null}
                          <label className="visually-hidden" htmlFor={`r-${criterion.key}`}>
                            Rationale for {criterion.label}
                          </label>
                          <textarea
                            id={`r-${criterion.key}`}
                            name="rationale"
                            rows={2}
                            placeholder="Rationale"
                            defaultValue={decided?.rationale ?? ""}
                          />
                          <button type="submit" className="button" disabled={busy}>
                            Save consensus
                          </button>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                  <td>
                    {notes.map((n) => (
                      <p key={n.id} className="small note">
                        <strong>{n.authorName}:</strong> {n.body}
                      </p>
                    ))}
                    {props.canDiscuss ? (
                      <details open={Boolean(errors.body)}>
                        <summary className="small">Add note</summary>
                        <Form method="post" className="stack">
                          <input type="hidden" name="intent" value="note" />
                          <input type="hidden" name="interactionId" value={props.interactionId} />
                          <input type="hidden" name="criterionKey" value={criterion.key} />
                          <label className="visually-hidden" htmlFor={`n-${criterion.key}`}>
                            Note on {criterion.label}
                          </label>
                          <textarea id={`n-${criterion.key}`} name="body" rows={2} />
                          {errors.body ? <span className="error">{errors.body}</span> : null}
                          <button type="submit" className="button secondary" disabled={busy}>
                            Add note
                          </button>
                        </Form>
                      </details>
                    ) : null}
                  </td>
                </tr>
              );
            }),
          ])}
          <tr className="total-row">
            <th scope="row">Total score</th>
            {scored.map((p) => (
              <td key={p.userId} className="num">
                {formatScore(totals.get(p.userId) ?? null)}
              </td>
            ))}
            <td colSpan={2} className="small">
              {scores.length > 0
                ? `mean ${formatScore(mean)} · range ${formatScore(Math.min(...scores))}–${formatScore(Math.max(...scores))}`
                : "no submitted scores"}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
