import { json } from "@remix-run/node";
import { z } from "zod";
import type { ScoringActionData } from "~/components/scoring/scoring-form";
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

/** The scoring form's intent, lock version and entries, or the 400 response that explains what was wrong. */
export function readScoringForm(def: ScorecardDefinition, form: FormData) {
  const meta = ScoringMetaSchema.safeParse({ intent: form.get("intent"), lockVersion: form.get("lockVersion") });
  if (!meta.success)
    return {
      ok: false as const,
      response: json<ScoringActionData>(
        { ok: false, kind: "invalid", message: "The form was incomplete; reload the page.", problems: [] },
        { status: 400 },
      ),
    };
  const parsed = parseEntries(def, form);
  if (parsed.problems.length > 0)
    return {
      ok: false as const,
      response: json<ScoringActionData>(
        { ok: false, kind: "invalid", message: "Some answers could not be read.", problems: parsed.problems },
        { status: 400 },
      ),
    };
  return { ok: true as const, intent: meta.data.intent, lockVersion: meta.data.lockVersion, entries: parsed.entries };
}

/**
 * The response to a refused save or submit, the same on every scoring page; `closed` and `conflict` say
 * what those mean on the page at hand. A 404 is thrown.
 */
export function scoringFailure(
  failure: { reason: "not_found" | "closed" | "conflict" } | { reason: "invalid"; problems: AnswerProblem[] },
  form: { intent: "save" | "submit"; entries: AnswerEntries },
  messages: { closed: string; conflict: string },
) {
  switch (failure.reason) {
    case "not_found":
      throw new Response("Not Found", { status: 404 });
    case "invalid":
      return json<ScoringActionData>(
        {
          ok: false,
          kind: "invalid",
          message:
            form.intent === "submit"
              ? "Not submitted: answer every criterion and give a root cause for each miss."
              : "Not saved: some answers are not valid.",
          problems: failure.problems,
          // Echoed so a page rendered without JavaScript shows what was typed, not the last saved draft.
          entries: form.entries,
        },
        { status: 400 },
      );
    case "closed":
      return json<ScoringActionData>({ ok: false, kind: "closed", message: messages.closed }, { status: 409 });
    case "conflict":
      return json<ScoringActionData>({ ok: false, kind: "conflict", message: messages.conflict }, { status: 409 });
  }
}
