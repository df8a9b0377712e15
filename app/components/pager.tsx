import { Link } from "@remix-run/react";

/** "First page" / "Next page" links of a keyset-paged list (hrefs from app/utils/page-cursor.server.ts). */
export function Pager({
  firstHref,
  nextHref,
  label,
}: {
  firstHref: string | null;
  nextHref: string | null;
  label: string;
}) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav className="pager" aria-label={label}>
      {firstHref ? (
        <Link to={firstHref} className="button secondary">
          First page
        </Link>
      ) : null}
      {nextHref ? (
        <Link to={nextHref} className="button secondary">
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
