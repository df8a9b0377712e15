import type { SectionScore } from "~/domain/scoring";
import type { ScorecardDefinition } from "~/domain/scorecard-definition";
import { formatScore } from "~/utils/format";

type Answer = {
  criterionKey: string;
  value: number | null;
  na: boolean;
  met: boolean | null;
  comment: string | null;
  rootCause: string | null;
};

/** The evaluation's answers section by section, with the comments, root causes and section scores. */
export function AnswersBySection(props: {
  definition: ScorecardDefinition;
  answers: Answer[];
  sectionScores: Record<string, Pick<SectionScore, "score" | "criticalFailed">>;
}) {
  const answers = new Map(props.answers.map((a) => [a.criterionKey, a]));
  return (
    <>
      {props.definition.sections.map((section) => (
        <section key={section.key} className="panel section-block" aria-labelledby={`s-${section.key}`}>
          <div className="section-head">
            <h2 id={`s-${section.key}`} style={{ margin: 0 }}>
              {section.label}
            </h2>
            <span className="small">
              {props.sectionScores[section.key]?.criticalFailed ? (
                <span className="badge bad">critical: section counts 0</span>
              ) : null}{" "}
              section score <strong>{formatScore(props.sectionScores[section.key]?.score ?? null)}</strong>
            </span>
          </div>
          {section.criteria.map((criterion) => {
            const answer = answers.get(criterion.key);
            const option =
              answer && !answer.na ? criterion.scale.options.find((o) => o.value === answer.value) : undefined;
            return (
              <div key={criterion.key} className="criterion">
                <div>
                  <strong>{criterion.label}</strong>
                  {answer?.comment ? <p className="guideline">“{answer.comment}”</p> : null}
                  {answer?.rootCause ? (
                    <div className="small muted">Root cause: {answer.rootCause.replaceAll("_", " ")}</div>
                  ) : null}
                </div>
                <div>
                  {!answer ? (
                    <span className="badge neutral">unanswered</span>
                  ) : answer.na ? (
                    <span className="badge neutral">N/A</span>
                  ) : (
                    <span className={`badge ${answer.met ? "good" : "bad"}`}>
                      {option?.label ?? answer.value} ({answer.value})
                    </span>
                  )}
                </div>
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}
