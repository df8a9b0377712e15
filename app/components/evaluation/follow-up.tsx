import { Form, Link } from "@remix-run/react";
import { DisputeStatusBadge } from "~/components/dispute-status-badge";
import type { EvaluationActions } from "~/domain/dispute-actions";
import type { DisputeStatus } from "~/domain/dispute-status";
import { formatDate, formatDateTime } from "~/utils/format";

type DisputeRow = {
  id: string;
  status: DisputeStatus;
  raisedAt: string;
  resolvedAt: string | null;
  raisedByName: string;
  resolverName: string | null;
  itemCount: number;
};

/**
 * Acknowledgement, the dispute window, the buttons this user may use (acknowledge, dispute, re-score),
 * and the evaluation's disputes.
 */
export function FollowUp(props: {
  evaluationId: string;
  acknowledgedAt: string | null;
  window: { open: boolean; closesAt: string };
  actions: EvaluationActions;
  disputes: DisputeRow[];
  canOpenDisputes: boolean;
  busy: boolean;
  timeZone: string;
}) {
  const { actions, window, timeZone } = props;
  const open = props.disputes.find((d) => d.status === "open");
  const disputeLink = (id: string, text: string) =>
    props.canOpenDisputes ? <Link to={`/disputes/${id}`}>{text}</Link> : text;
  return (
    <section className="panel follow-up" aria-label="Acknowledgement and disputes">
      <div className="follow-up-facts">
        <p>
          {props.acknowledgedAt ? (
            <span className="badge good">Acknowledged on {formatDateTime(props.acknowledgedAt, timeZone)}</span>
          ) : (
            <span className="badge neutral">Not acknowledged by the agent yet</span>
          )}
        </p>
        <p className="small muted">
          {window.open
            ? `Disputes can be raised until ${formatDateTime(window.closesAt, timeZone)}.`
            : `The dispute window closed on ${formatDate(window.closesAt, timeZone)}.`}
          {open ? <> A dispute is open: {disputeLink(open.id, "see the dispute")}.</> : null}
        </p>
      </div>
      <div className="follow-up-actions">
        {actions.acknowledge ? (
          <Form method="post">
            <button type="submit" name="intent" value="acknowledge" className="button" disabled={props.busy}>
              Acknowledge
            </button>
          </Form>
        ) : null}
        {actions.dispute?.allowed ? (
          <Link to={`/evaluations/${props.evaluationId}/dispute`} className="button secondary">
            Dispute
          </Link>
        ) : null}
        {actions.rescore ? (
          <Link to={`/evaluations/${props.evaluationId}/rescore`} className="button secondary">
            Re-score
          </Link>
        ) : null}
      </div>
      {props.disputes.length > 0 ? (
        <div className="table-wrap" style={{ marginTop: "0.75rem", marginBottom: 0 }}>
          <table aria-label="Disputes of this evaluation">
            <thead>
              <tr>
                <th>Raised</th>
                <th>By</th>
                <th className="num">Criteria</th>
                <th>Status</th>
                <th>Resolved</th>
              </tr>
            </thead>
            <tbody>
              {props.disputes.map((d) => (
                <tr key={d.id}>
                  <td>{disputeLink(d.id, formatDate(d.raisedAt, timeZone))}</td>
                  <td>{d.raisedByName}</td>
                  <td className="num">{d.itemCount}</td>
                  <td>
                    <DisputeStatusBadge status={d.status} />
                  </td>
                  <td>{d.resolvedAt ? `${formatDate(d.resolvedAt, timeZone)} by ${d.resolverName ?? "—"}` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
