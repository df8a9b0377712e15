import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { SelectField, TextField } from "~/components/field";
import { CHANNELS } from "~/domain/scorecard-definition";
import { createDraftFromScratch } from "~/models/scorecard-draft.server";
import { requirePermission } from "~/utils/auth.server";
import { readNewScorecardForm } from "~/utils/scorecard-draft-form.server";

export const meta: MetaFunction = () => [{ title: "New scorecard · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "scorecard:author");
  return json({});
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "scorecard:author");
  const form = readNewScorecardForm(await request.formData());
  if (!form.ok) return json({ errors: form.errors }, 400);
  const created = await createDraftFromScratch(form.input, user.id);
  if (!created.ok) return json({ errors: { slug: created.message } as Record<string, string> }, 409);
  return redirect(`/scorecards/drafts/${created.id}`);
}

export default function NewScorecardPage() {
  const errors = useActionData<typeof action>()?.errors ?? {};
  return (
    <>
      <p className="small">
        <Link to="/scorecards">Scorecards</Link> /
      </p>
      <h1>New scorecard</h1>
      <p className="muted">Starts a draft with one section and one criterion; nothing is published until you say so.</p>
      <Form method="post" className="stack">
        <TextField label="Name" name="name" required error={errors.name} />
        <TextField
          label="Slug"
          name="slug"
          required
          error={errors.slug}
          hint="Used in links and file names: a-z, 0-9 and -, e.g. social-support. Fixed once published."
        />
        <SelectField
          label="Channel"
          name="channel"
          error={errors.channel}
          options={CHANNELS.map((c) => ({ value: c, label: c }))}
        />
        <div className="form-actions">
          <button type="submit" className="button">
            Start the draft
          </button>
        </div>
      </Form>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
