import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import type { loader } from "./route";

/** Who takes part and who has submitted; never what anyone answered. */
export function ParticipantsTable() {
  const { participants, items, session, access, eligible } = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const canRemove = access.manage && (session.status === "draft" || session.status === "open");
  const canAdd = access.manage && (session.status === "draft" || session.status === "open") && eligible.length > 0;
  return (
    <section className="panel" aria-labelledby="participants-heading">
      <h2 id="participants-heading" style={{ marginTop: 0 }}>
        Participants ({participants.length})
      </h2>
      {participants.length === 0 ? (
        <p className="muted">Nobody yet.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Participants">
            <thead>
              <tr>
                <th>Name</th>
                <th>Party</th>
                <th>Submitted</th>
                {canRemove ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {participants.map((p) => (
                <tr key={p.userId}>
                  <td>
                    {p.name} {p.isBenchmark ? <span className="badge neutral">benchmark</span> : null}
                  </td>
                  <td>{p.partyLabel}</td>
                  <td>
                    {p.submitted === items.length && items.length > 0 ? (
                      <span className="badge good">
                        {p.submitted} of {items.length}
                      </span>
                    ) : (
                      <span className="badge neutral">
                        {p.submitted} of {items.length}
                      </span>
                    )}
                  </td>
                  {canRemove ? (
                    <td>
                      {p.submitted === 0 ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-participant" />
                          <input type="hidden" name="userId" value={p.userId} />
                          <button type="submit" className="link-button" disabled={busy} aria-label={`Remove ${p.name}`}>
                            Remove
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canAdd ? (
        <details>
          <summary>Add participants</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="add-participants" />
            <fieldset className="participant-picker">
              <legend className="visually-hidden">People who can take part</legend>
              {eligible.map((u) => (
                <label key={u.id} className="checkbox">
                  <input type="checkbox" name="userId" value={u.id} />
                  {u.name}{" "}
                  <span className="small muted">
                    ({u.email}, {u.organizationName}, {u.role.replace("_", " ")})
                  </span>
                </label>
              ))}
            </fieldset>
            <div>
              <button type="submit" className="button" disabled={busy}>
                Add selected
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </section>
  );
}
