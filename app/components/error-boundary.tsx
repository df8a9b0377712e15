import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const MESSAGES: Record<number, string> = {
  403: "You do not have access to this page.",
  404: "We could not find that page, or it is not visible to your organisation.",
};

/** Shared boundary: clear words for 403/404, a generic message otherwise (details stay in the server log). */
export function GeneralErrorBoundary({ error }: { error: unknown }) {
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title =
    status === 403
      ? "Forbidden"
      : status === 404
        ? "Not found"
        : status === 400
          ? "Bad request"
          : "Something went wrong";
  // A 400 from a loader carries its own words (a malformed page cursor, say).
  const badRequest =
    status === 400 && isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : null;
  const message = badRequest ?? MESSAGES[status] ?? "An unexpected error occurred. Please try again.";
  if (status >= 500) console.error(error);
  return (
    <section className="error-panel" role="alert">
      <h1>
        {status} · {title}
      </h1>
      <p>{message}</p>
      <p>
        <Link to="/">Back to home</Link>
      </p>
    </section>
  );
}

/** Drop-in route ErrorBoundary: `export { RouteErrorBoundary as ErrorBoundary }`. */
export function RouteErrorBoundary() {
  return <GeneralErrorBoundary error={useRouteError()} />;
}
