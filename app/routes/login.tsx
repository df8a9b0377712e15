import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { TextField } from "~/components/field";
import { getCurrentUser, login, safeRedirect } from "~/utils/auth.server";
import { formToObject, toFieldErrors } from "~/utils/form.server";
import { commitSessionId } from "~/utils/session.server";
import { LoginSchema } from "~/utils/user-forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const values = formToObject(await request.formData());
  const parsed = LoginSchema.safeParse(values);
  // The email is echoed back so a failed attempt keeps it in the field, with or without JavaScript.
  const email = values.email ?? "";
  if (!parsed.success) {
    return json({ fieldErrors: toFieldErrors(parsed.error), formError: null, email }, { status: 400 });
  }
  const result = await login({
    email: parsed.data.email,
    password: parsed.data.password,
    ip: context?.clientIp ?? null,
    userAgent: request.headers.get("user-agent"),
  });
  if (!result.ok) {
    return json(
      { fieldErrors: {} as Record<string, string>, formError: result.message, email },
      { status: result.status },
    );
  }
  return redirect(safeRedirect(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await commitSessionId(request, result.sessionId) },
  });
}

export default function LoginPage() {
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const errors = data?.fieldErrors ?? {};
  return (
    <div className="login-card">
      <h1>QA Workbench</h1>
      <p className="muted">Sign in to score, calibrate and coach.</p>
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        {data?.formError ? (
          <p className="form-error" role="alert">
            {data.formError}
          </p>
        ) : null}
        <TextField
          label="Email"
          name="email"
          type="email"
          defaultValue={data?.email}
          autoComplete="username"
          required
          autoFocus
          error={errors.email}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </Form>
    </div>
  );
}
