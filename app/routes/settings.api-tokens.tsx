import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { TextField } from "~/components/field";
import { ModalDialog } from "~/components/modal-dialog";
import { createApiToken, listApiTokens, MAX_ACTIVE_API_TOKENS, revokeApiToken } from "~/models/api-token.server";
import { CreateApiTokenSchema, RevokeApiTokenSchema } from "~/utils/api-auth.server";
import { requirePermission } from "~/utils/auth.server";
import { formToObject, toFieldErrors } from "~/utils/form.server";
import { formatDateTime, NO_DATA } from "~/utils/format";

export const meta: MetaFunction = () => [{ title: "API tokens · QA Workbench" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "api:use");
  return json({ tokens: await listApiTokens(user.id), timeZone: user.timeZone, max: MAX_ACTIVE_API_TOKENS });
}

type ActionData = {
  fieldErrors: Record<string, string>;
  formError: string | null;
  created: { id: string; name: string; token: string } | null;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "api:use");
  const form = formToObject(await request.formData());
  const reply = (data: Partial<ActionData>, status = 200) =>
    json<ActionData>(
      { fieldErrors: {}, formError: null, created: null, ...data },
      // The one response that carries a token's plaintext must not be cached anywhere.
      { status, headers: { "Cache-Control": "no-store" } },
    );
  if (form.intent === "create") {
    const parsed = CreateApiTokenSchema.safeParse(form);
    if (!parsed.success) return reply({ fieldErrors: toFieldErrors(parsed.error) }, 400);
    const result = await createApiToken({ userId: user.id, name: parsed.data.name });
    if (!result.ok) {
      return reply(
        { formError: `You already have ${MAX_ACTIVE_API_TOKENS} active tokens. Revoke one you no longer use first.` },
        400,
      );
    }
    return reply({ created: { id: result.apiToken.id, name: result.apiToken.name, token: result.token } });
  }
  if (form.intent === "revoke") {
    const parsed = RevokeApiTokenSchema.safeParse(form);
    const result = parsed.success ? await revokeApiToken({ userId: user.id, tokenId: parsed.data.tokenId }) : null;
    if (!result?.ok) throw new Response("Not Found", { status: 404 });
    return redirect("/settings/api-tokens?revoked=1");
  }
  return reply({ formError: "Unknown action." }, 400);
}

export default function ApiTokensPage() {
  const { tokens, timeZone, max } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const creating = navigation.state !== "idle" && navigation.formData?.get("intent") === "create";
  const active = tokens.filter((t) => !t.revokedAt).length;
  const errors = data?.fieldErrors ?? {};
  return (
    <>
      <div className="page-head">
        <div>
          <h1>API tokens</h1>
          <p className="muted">
            Tokens let BI tools read the JSON API as you: they see exactly the evaluations and KPIs you see. Treat a
            token like a password. {active} of {max} active.
          </p>
        </div>
      </div>

      {searchParams.get("revoked") && !data ? (
        <p className="form-ok narrow" role="status">
          Token revoked. Requests that use it are refused from now on.
        </p>
      ) : null}

      {data?.created ? <NewToken name={data.created.name} token={data.created.token} /> : null}

      {/* key: an empty name field after each token is created */}
      <Form method="post" className="stack panel" noValidate key={data?.created?.id ?? "new"}>
        <h2 style={{ margin: 0 }}>New token</h2>
        {data?.formError ? (
          <p className="form-error" role="alert">
            {data.formError}
          </p>
        ) : null}
        <TextField
          label="Name"
          name="name"
          maxLength={60}
          error={errors.name}
          hint="What will use it, e.g. “Power BI weekly report” (1 to 60 characters)."
          autoComplete="off"
        />
        <div>
          <button type="submit" name="intent" value="create" className="button" disabled={creating || active >= max}>
            Create token
          </button>
        </div>
      </Form>

      <h2>Your tokens</h2>
      {tokens.length === 0 ? (
        <p className="muted">You have no API tokens yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Token</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{formatDateTime(t.createdAt, timeZone)}</td>
                  <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt, timeZone) : NO_DATA}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge neutral">revoked {formatDateTime(t.revokedAt, timeZone)}</span>
                    ) : (
                      <span className="badge good">active</span>
                    )}
                  </td>
                  <td style={{ whiteSpace: "nowrap" }}>
                    {t.revokedAt ? null : (
                      <ModalDialog
                        title={`Revoke “${t.name}”?`}
                        trigger={
                          <button type="button" className="button secondary" aria-label={`Revoke ${t.name}`}>
                            Revoke
                          </button>
                        }
                      >
                        <Form method="post" className="stack">
                          <p style={{ margin: 0 }}>
                            Anything using this token ({t.prefix}…) stops working immediately. This cannot be undone.
                          </p>
                          <input type="hidden" name="tokenId" value={t.id} />
                          <div>
                            <button type="submit" name="intent" value="revoke" className="button">
                              Revoke token
                            </button>
                          </div>
                        </Form>
                      </ModalDialog>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted">
        Send the token as <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1/me</code>,{" "}
        <code>/api/v1/evaluations</code> or <code>/api/v1/kpis</code>. The README section “JSON API” lists endpoints and
        parameters.
      </p>
    </>
  );
}

/** The plaintext of a token just created: shown once, with a copy button. */
function NewToken({ name, token }: { name: string; token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <section className="panel" aria-labelledby="new-token-heading">
      <p className="form-ok" role="status" id="new-token-heading" style={{ marginTop: 0 }}>
        Token “{name}” created. Copy it now: it is shown only this once and cannot be recovered.
      </p>
      <div className="field">
        <label htmlFor="new-token">New API token</label>
        <div style={{ display: "flex", gap: "0.5rem" }}>
          <input
            id="new-token"
            readOnly
            value={token}
            onFocus={(event) => event.currentTarget.select()}
            style={{ flex: 1, fontFamily: "ui-monospace, monospace" }}
          />
          <button
            type="button"
            className="button secondary"
            onClick={() => void navigator.clipboard?.writeText(token).then(() => setCopied(true))}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
      </div>
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
