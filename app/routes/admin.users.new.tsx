import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SelectField, TextField } from "~/components/field";
import { isRoleAllowedIn, ROLE_LABELS, ROLES } from "~/domain/permissions";
import { createUser, isEmailTaken, listOrganizations } from "~/models/user.server";
import { requirePermission } from "~/utils/auth.server";
import { formToObject, toFieldErrors } from "~/utils/form.server";
import { hashPassword } from "~/utils/password.server";
import { CreateUserSchema } from "~/utils/user-forms.server";

export const meta: MetaFunction = () => [{ title: "New user · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  return json({ organizations: await listOrganizations(admin.scope) });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  const values = formToObject(await request.formData());
  // Echo what was typed (never the password) so a rejected form loses nothing, even without JavaScript.
  const fail = (fieldErrors: Record<string, string>) =>
    json({ fieldErrors, values: { ...values, password: "" } }, { status: 400 });
  const parsed = CreateUserSchema.safeParse(values);
  if (!parsed.success) return fail(toFieldErrors(parsed.error));
  const input = parsed.data;
  // Only organisations in the admin's scope, and only roles that exist in that kind of organisation.
  const organization = (await listOrganizations(admin.scope)).find((o) => o.id === input.organizationId);
  if (!organization) return fail({ organizationId: "Choose an organisation you manage." });
  if (!isRoleAllowedIn(input.role, organization.kind)) {
    return fail({ role: `${ROLE_LABELS[input.role]} is not a role in a ${organization.kind} organisation.` });
  }
  if (await isEmailTaken(input.email)) return fail({ email: "A user with this email already exists." });
  const created = await createUser({
    actorUserId: admin.id,
    organizationId: organization.id,
    email: input.email,
    name: input.name,
    role: input.role,
    timeZone: input.timeZone,
    passwordHash: await hashPassword(input.password),
  });
  return redirect(`/admin/users/${created.id}?created=1`);
}

export default function NewUserPage() {
  const { organizations } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.fieldErrors ?? {};
  const typed: Record<string, string> = data?.values ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p className="small">
        <Link to="/admin/users">Users</Link> /
      </p>
      <h1>New user</h1>
      <Form method="post" className="stack panel" noValidate>
        <TextField label="Name" name="name" defaultValue={typed.name} error={errors.name} required />
        <TextField label="Email" name="email" type="email" defaultValue={typed.email} error={errors.email} required />
        <SelectField
          label="Organisation"
          name="organizationId"
          defaultValue={typed.organizationId}
          error={errors.organizationId}
          options={organizations.map((o) => ({ value: o.id, label: `${o.name} (${o.kind})` }))}
        />
        <SelectField
          label="Role"
          name="role"
          defaultValue={typed.role}
          error={errors.role}
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <TextField
          label="Time zone"
          name="timeZone"
          defaultValue={typed.timeZone ?? "UTC"}
          error={errors.timeZone}
          hint="IANA name, e.g. Europe/Berlin"
        />
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint="At least 12 characters."
        />
        <button type="submit" className="button" disabled={busy}>
          Create user
        </button>
      </Form>
    </>
  );
}
