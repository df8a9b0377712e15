import { z } from "zod";
import type { AnswerEntries, AnswerProblem } from "~/domain/evaluation-answers";
import { listCriteria, type ScorecardDefinition } from "~/domain/scorecard-definition";

// Field names on the scoring form: answer.<key>, comment.<key>, rootCause.<key>; plus intent and lockVersion.
export const ScoringMetaSchema = z.object({
  intent: z.enum(["save", "submit"], { error: "Unknown action." }),
  lockVersion: z.coerce.number().int().min(0),
});

/** Reads the entries for every criterion of the version; anything unparseable is a located problem. */
export function parseEntries(
  def: ScorecardDefinition,
  form: FormData,
): { entries: AnswerEntries; problems: AnswerProblem[] } {
  const entries: AnswerEntries = {};
  const problems: AnswerProblem[] = [];
  for (const criterion of listCriteria(def)) {
    const raw = String(form.get(`answer.${criterion.key}`) ?? "").trim();
    const comment = String(form.get(`comment.${criterion.key}`) ?? "");
    const rootCause = String(form.get(`rootCause.${criterion.key}`) ?? "").trim() || null;
    let value: number | "na" | null = null;
    if (raw === "na") value = "na";
    else if (raw !== "") {
      const n = Number(raw);
      if (Number.isFinite(n)) value = n;
      else
        problems.push({
          criterionKey: criterion.key,
          field: "value",
          message: `"${raw.slice(0, 20)}" is not an answer.`,
        });
    }
    entries[criterion.key] = { value, comment, rootCause };
  }
  return { entries, problems };
}
