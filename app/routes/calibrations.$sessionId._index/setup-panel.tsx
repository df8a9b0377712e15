import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { formatDate } from "~/utils/format";
import type { action, loader } from "./route";

/** The draft: settings, the interactions (by hand, from a filter or at random) and opening the session. */
export function SetupPanel() {
  const { session, items, candidates, filter, vendors, participants, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.fieldErrors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <section className="panel stack" aria-labelledby="settings-heading">
        <h2 id="settings-heading" style={{ marginTop: 0 }}>
          Settings
        </h2>
        <Form method="post" className="stack" style={{ maxWidth: 640 }} key={session.lockVersion}>
          <input type="hidden" name="intent" value="settings" />
          <input type="hidden" name="lockVersion" value={session.lockVersion} />
          <div className="field">
            <label htmlFor="title">Title</label>
            <input id="title" name="title" defaultValue={session.title} />
            {errors.title ? <span className="error">{errors.title}</span> : null}
          </div>
          <div className="field">
            <label htmlFor="deadline">Deadline</label>
            <input id="deadline" type="datetime-local" name="deadline" defaultValue={session.deadlineLocal} />
            {errors.deadline ? <span className="error">{errors.deadline}</span> : null}
          </div>
          <label className="checkbox">
            <input type="checkbox" name="hideAgentNames" defaultChecked={session.hideAgentNames} />
            Hide agent names from participants
          </label>
          <div className="field">
            <label htmlFor="reference">Reference for alignment</label>
            <select id="reference" name="reference" defaultValue={session.reference}>
              <option value="consensus">Consensus recorded after reveal</option>
              <option value="benchmark">Benchmark (expert) reviewer&apos;s answers</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="benchmarkUserId">Benchmark reviewer (optional)</label>
            <select id="benchmarkUserId" name="benchmarkUserId" defaultValue={session.benchmarkUserId ?? ""}>
              <option value="">None</option>
              {participants.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name} ({p.partyLabel})
                </option>
              ))}
            </select>
            <span className="small muted">Choose from the participants; add them below first.</span>
          </div>
          <div>
            <button type="submit" className="button secondary" disabled={busy}>
              Save settings
            </button>
          </div>
        </Form>
      </section>

      <section className="panel stack" aria-labelledby="draft-items-heading">
        <h2 id="draft-items-heading" style={{ marginTop: 0 }}>
          Interactions ({items.length})
        </h2>
        {items.length > 0 ? (
          <ol className="calibration-items">
            {items.map((item) => (
              <li key={item.interactionId}>
                <Form method="post" className="inline-form">
                  {item.channel}: {item.subject ?? item.contactReason} · {item.agentName} · {item.vendorName}{" "}
                  <input type="hidden" name="intent" value="remove-item" />
                  <input type="hidden" name="interactionId" value={item.interactionId} />
                  <button type="submit" className="link-button" disabled={busy}>
                    Remove
                  </button>
                </Form>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No interactions yet: pick some below, by hand or at random.</p>
        )}
        <Form method="get" className="filters" aria-label="Filter interactions">
          <div className="field">
            <label htmlFor="f-vendor">Vendor</label>
            <select id="f-vendor" name="vendorId" defaultValue={filter.vendorId ?? ""}>
              <option value="">All vendors</option>
              {vendors.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-channel">Channel</label>
            <select id="f-channel" name="channel" defaultValue={filter.channel ?? ""}>
              <option value="">Any</option>
              <option value="call">Call</option>
              <option value="chat">Chat</option>
              <option value="email">Email</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-from">From</label>
            <input id="f-from" type="date" name="from" defaultValue={filter.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="f-to">Before</label>
            <input id="f-to" type="date" name="to" defaultValue={filter.to ?? ""} />
          </div>
          <button type="submit" className="button secondary">
            Filter
          </button>
        </Form>
        <Form method="post" className="form-actions" style={{ justifyContent: "flex-start", alignItems: "end" }}>
          <input type="hidden" name="intent" value="add-random" />
          {["vendorId", "channel", "from", "to"].map((k) =>
            filter[k] ? <input key={k} type="hidden" name={k} value={filter[k]} /> : null,
          )}
          <div className="field">
            <label htmlFor="random-count">Pick at random from the filter</label>
            <input
              id="random-count"
              type="number"
              name="count"
              min={1}
              max={50}
              defaultValue={5}
              style={{ width: 90 }}
            />
            {errors.count ? <span className="error">{errors.count}</span> : null}
          </div>
          <button type="submit" className="button secondary" disabled={busy}>
            Add at random
          </button>
        </Form>
        {candidates.length > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="add-items" />
            <div className="table-wrap">
              <table aria-label="Candidate interactions">
                <thead>
                  <tr>
                    <th>Pick</th>
                    <th>Interaction</th>
                    <th>Agent</th>
                    <th>Vendor</th>
                    <th>Started</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <input type="checkbox" name="interactionId" value={c.id} aria-label={`Pick ${c.externalId}`} />
                      </td>
                      <td>
                        {c.channel}: {c.subject ?? c.contactReason} <span className="small muted">{c.externalId}</span>
                      </td>
                      <td>{c.agentName}</td>
                      <td>{c.vendorName}</td>
                      <td>{formatDate(c.startedAt, timeZone)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button type="submit" className="button secondary" disabled={busy}>
              Add picked interactions
            </button>
          </Form>
        ) : (
          <p className="muted small">No interaction matches the filter.</p>
        )}
      </section>
    </>
  );
}

export function OpenPanel() {
  const busy = useNavigation().state !== "idle";
  return (
    <section className="panel" aria-labelledby="open-heading">
      <h2 id="open-heading" style={{ marginTop: 0 }}>
        Open for scoring
      </h2>
      <p className="small muted">
        Participants see the session once it is open and score blind: nobody sees another participant&apos;s answers
        until you reveal them.
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="open" />
        <button type="submit" className="button" disabled={busy}>
          Open session
        </button>
      </Form>
    </section>
  );
}
