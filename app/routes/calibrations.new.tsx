import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SelectField, TextField } from "~/components/field";
import { utcToZonedLocal } from "~/domain/time-zone";
import { createCalibrationSession, listCalibrationVersions } from "~/models/calibration-setup.server";
import { requirePermission } from "~/utils/auth.server";
import { CreateCalibrationSchema } from "~/utils/calibration-form.server";
import { formToObject, toFieldErrors, type FieldErrors } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "New calibration session · QA Workbench" }];

const DEFAULT_DAYS = 7;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "calibration:facilitate");
  const versions = await listCalibrationVersions();
  const deadline =
    utcToZonedLocal(new Date(Date.now() + DEFAULT_DAYS * 86_400_000), user.timeZone).slice(0, 11) + "17:00";
  return json({ versions, defaults: { deadline }, timeZone: user.timeZone });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "calibration:facilitate");
  const values = formToObject(await request.formData());
  const parsed = CreateCalibrationSchema(user.timeZone).safeParse(values);
  if (!parsed.success) return json({ fieldErrors: toFieldErrors(parsed.error), values }, { status: 400 });
  const created = await createCalibrationSession({ viewer: user, ...parsed.data });
  if (!created.ok) return json({ fieldErrors: { [created.field]: created.message }, values }, { status: 400 });
  return redirect(`/calibrations/${created.id}`);
}

export default function NewCalibrationPage() {
  const { versions, defaults, timeZone } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: FieldErrors = data?.fieldErrors ?? {};
  const values: Record<string, string> = data?.values ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p className="small">
        <Link to="/calibrations">Calibration</Link> /
      </p>
      <h1>New calibration session</h1>
      <Form method="post" className="stack panel" style={{ maxWidth: 640 }} noValidate>
        {Object.keys(errors).length > 0 ? (
          <p className="form-error" role="alert">
            Please correct the fields marked below.
          </p>
        ) : null}
        <TextField label="Title" name="title" defaultValue={values.title ?? ""} error={errors.title} required />
        <SelectField
          label="Scorecard version"
          name="scorecardVersionId"
          defaultValue={values.scorecardVersionId ?? versions[0]?.id}
          error={errors.scorecardVersionId}
          options={versions.map((v) => ({ value: v.id, label: `${v.scorecardName} v${v.number} (${v.channel})` }))}
        />
        <TextField
          label="Deadline"
          name="deadline"
          type="datetime-local"
          defaultValue={values.deadline ?? defaults.deadline}
          error={errors.deadline}
          hint={`Your time zone: ${timeZone}.`}
        />
        <label className="checkbox">
          <input type="checkbox" name="hideAgentNames" defaultChecked={data ? values.hideAgentNames === "on" : true} />
          Hide agent names from participants
        </label>
        <p className="small muted">
          Next you pick the interactions and the participants; nobody is invited until you open the session.
        </p>
        <div>
          <button type="submit" className="button" disabled={busy}>
            Create draft
          </button>
        </div>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
