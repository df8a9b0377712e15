import { Form, Link } from "@remix-run/react";
import { TRAINER_WEEKS } from "~/domain/trainer-analysis";

/** The trainer pages' window tabs and, for client users, the vendor picker (a GET form: works without JS). */
export function TrainerFilters(props: {
  weeks: number;
  weekHref: (weeks: number) => string;
  vendors: { id: string; name: string }[] | null;
  vendorId: string | null;
}) {
  return (
    <div className="trainer-filters">
      <nav className="tabs" aria-label="Window">
        {TRAINER_WEEKS.map((w) => (
          <Link
            key={w}
            to={props.weekHref(w)}
            className={w === props.weeks ? "active" : undefined}
            aria-current={w === props.weeks ? "page" : undefined}
          >
            {w} weeks
          </Link>
        ))}
      </nav>
      {props.vendors ? (
        <Form method="get" className="inline-form">
          <input type="hidden" name="weeks" value={props.weeks} />
          <label htmlFor="trainer-vendor">Vendor</label>
          <select id="trainer-vendor" name="vendor" defaultValue={props.vendorId ?? ""}>
            <option value="">All vendors</option>
            {props.vendors.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary">
            Show
          </button>
        </Form>
      ) : null}
    </div>
  );
}
