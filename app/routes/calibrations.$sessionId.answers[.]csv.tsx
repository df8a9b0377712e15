import type { LoaderFunctionArgs } from "@remix-run/node";
import { findCriterion } from "~/domain/scorecard-definition";
import { listVisibleAnswers } from "~/models/calibration-results.server";
import { requireCalibrationSession } from "~/utils/calibration-guard.server";
import { csvResponse } from "~/utils/csv.server";

// Every answer the viewer may see: before the reveal only their own (blindness holds in exports too).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, loaded } = await requireCalibrationSession(request, params.sessionId);
  const answers = await listVisibleAnswers(user, loaded);
  const people = new Map(loaded.participants.map((p) => [p.userId, p]));
  const items = new Map(loaded.items.map((i) => [i.interactionId, i]));
  const order = (id: string) => items.get(id)?.position ?? 0;
  answers.sort(
    (a, b) =>
      order(a.interactionId) - order(b.interactionId) ||
      (people.get(a.reviewerId)?.name ?? "").localeCompare(people.get(b.reviewerId)?.name ?? "") ||
      a.criterionKey.localeCompare(b.criterionKey),
  );
  return csvResponse(
    `calibration-${loaded.session.id.slice(0, 8)}-answers.csv`,
    [
      "session",
      "interaction",
      "participant",
      "party",
      "criterion",
      "answer",
      "answer_label",
      "comment",
      "root_cause",
      "status",
      "final_score",
    ],
    answers.map((a) => {
      const criterion = findCriterion(loaded.definition, a.criterionKey);
      const label = a.na ? "N/A" : (criterion?.scale.options.find((o) => o.value === a.value)?.label ?? "");
      const person = people.get(a.reviewerId);
      return [
        loaded.session.title,
        items.get(a.interactionId)?.externalId ?? a.interactionId,
        person?.name ?? "Former participant",
        person?.partyLabel ?? "",
        a.criterionKey,
        a.na ? "na" : a.value,
        label,
        a.comment,
        a.rootCause,
        a.status,
        a.finalScore,
      ];
    }),
  );
}
