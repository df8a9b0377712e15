import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { SelectField, TextField } from "~/components/field";
import { isUuid } from "~/domain/ids";
import { isRoleAllowedIn, ROLE_LABELS, ROLES_BY_ORGANIZATION_KIND } from "~/domain/permissions";
import { listSessionsForUser } from "~/models/session.server";
import { getUser, isEmailTaken, revokeUserSessions, updateUser } from "~/models/user.server";
import { requirePermission } from "~/utils/auth.server";
import { formToObject, toFieldErrors } from "~/utils/form.server";
import { formatDateTime } from "~/utils/format";
import { hashPassword } from "~/utils/password.server";
import { UpdateUserSchema } from "~/utils/user-forms.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "User"} · QA Workbench` },
];

async function loadUser(request: Request, userId: string | undefined) {
  const admin = await requirePermission(request, "user:manage");
  const user = userId && isUuid(userId) ? await getUser(admin.scope, userId) : null;
  if (!user) throw new Response("Not Found", { status: 404 });
  return { admin, user };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await loadUser(request, params.userId);
  return json({ user, sessions: await listSessionsForUser(user.id) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { admin, user } = await loadUser(request, params.userId);
  const form = formToObject(await request.formData());
  if (form.intent === "revoke-sessions") {
    await revokeUserSessions({ scope: admin.scope, actorUserId: admin.id, userId: user.id });
    return redirect(`/admin/users/${user.id}?signedOut=1`);
  }
  const parsed = UpdateUserSchema.safeParse(form);
  if (!parsed.success) return json({ fieldErrors: toFieldErrors(parsed.error), formError: null }, { status: 400 });
  const input = parsed.data;
  const fail = (fieldErrors: Record<string, string>, formError: string | null = null, status = 400) =>
    json({ fieldErrors, formError }, { status });
  if (!isRoleAllowedIn(input.role, user.organizationKind)) {
    return fail({ role: `${ROLE_LABELS[input.role]} is not a role in a ${user.organizationKind} organisation.` });
  }
  if (user.id === admin.id && (!input.active || input.role !== "admin")) {
    return fail({}, "You cannot deactivate yourself or remove your own admin role; ask another admin.");
  }
  if (await isEmailTaken(input.email, user.id)) return fail({ email: "A user with this email already exists." });
  const result = await updateUser({
    scope: admin.scope,
    actorUserId: admin.id,
    userId: user.id,
    expectedLockVersion: input.lockVersion,
    changes: {
      name: input.name,
      email: input.email,
      role: input.role,
      active: input.active,
      timeZone: input.timeZone,
      passwordHash: input.password ? await hashPassword(input.password) : undefined,
    },
  });
  if (!result.ok && result.reason === "not_found") throw new Response("Not Found", { status: 404 });
  if (!result.ok) {
    return fail(
      {},
      "Someone else changed this user while you were editing. Reload the page to see their changes, then apply yours again.",
      409,
    );
  }
  return redirect(`/admin/users/${user.id}?saved=1`);
}

export default function EditUserPage() {
  const { user, sessions } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const errors: Record<string, string> = data?.fieldErrors ?? {};
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const notice = searchParams.get("created")
    ? "User created."
    : searchParams.get("saved")
      ? "Changes saved."
      : searchParams.get("signedOut")
        ? "Signed out everywhere."
        : null;
  return (
    <>
      <p className="small">
        <Link to="/admin/users">Users</Link> /
      </p>
      <h1>{user.name}</h1>
      <p className="muted">
        {user.organizationName} ({user.organizationKind})
      </p>
      {/* key: a fresh form after each save so inputs show what was stored */}
      <Form method="post" className="stack panel" noValidate key={user.lockVersion}>
        {notice && !data ? (
          <p className="form-ok" role="status">
            {notice}
          </p>
        ) : null}
        {data?.formError ? (
          <p className="form-error" role="alert">
            {data.formError}
          </p>
        ) : null}
        <input type="hidden" name="lockVersion" value={user.lockVersion} />
        <TextField label="Name" name="name" defaultValue={user.name} error={errors.name} />
        <TextField label="Email" name="email" type="email" defaultValue={user.email} error={errors.email} />
        <SelectField
          label="Role"
          name="role"
          defaultValue={user.role}
          error={errors.role}
          options={ROLES_BY_ORGANIZATION_KIND[user.organizationKind].map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        />
        <TextField label="Time zone" name="timeZone" defaultValue={user.timeZone} error={errors.timeZone} />
        <TextField
          label="New password"
          name="password"
          type="password"
          autoComplete="new-password"
          error={errors.password}
          hint="Leave empty to keep the current password. Setting one signs the user out everywhere."
        />
        <label className="checkbox">
          <input type="checkbox" name="active" defaultChecked={user.active} /> Active (unchecking signs the user out
          everywhere)
        </label>
        <button type="submit" className="button" disabled={busy}>
          Save
        </button>
      </Form>
      <section className="panel narrow" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" style={{ marginTop: 0 }}>
          Sessions
        </h2>
        {sessions.length === 0 ? (
          <p className="muted">No active sessions.</p>
        ) : (
          <>
            <ul>
              {sessions.map((session) => (
                <li key={session.createdAt}>
                  Signed in {formatDateTime(session.createdAt)} from {session.ip ?? "an unknown address"}
                  <span className="small muted"> · {session.userAgent ?? "unknown browser"}</span>
                </li>
              ))}
            </ul>
            <Form method="post">
              <button type="submit" name="intent" value="revoke-sessions" className="button secondary">
                Sign out everywhere
              </button>
            </Form>
          </>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
