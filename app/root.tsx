import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteError } from "@remix-run/react";
import { AppHeader } from "~/components/app-header";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { can } from "~/domain/permissions";
import styles from "~/styles/app.css";
import { getCurrentUser } from "~/utils/auth.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return json({ user: null });
  return json({
    user: {
      name: user.name,
      email: user.email,
      role: user.role,
      organizationName: user.organizationName,
      organizationKind: user.organizationKind,
      nav: {
        queue: can(user, "evaluation:score"),
        disputes: can(user, "dispute:resolve") || can(user, "dispute:raise"),
        calibrations: can(user, "calibration:participate") || can(user, "calibration:facilitate"),
        dashboards: can(user, "kpi:view"),
        myKpis: user.role === "agent" || can(user, "evaluation:score"),
        trainer: can(user, "trainer:view"),
        coaching: can(user, "coaching:manage") || can(user, "trainer:view"),
        apiTokens: can(user, "api:use"),
        agents: can(user, "agent:view"),
        scorecards: can(user, "scorecard:view"),
        sampling: can(user, "sampling:manage"),
        imports: can(user, "interaction:import"),
        users: can(user, "user:manage"),
      },
    },
  });
}

export type RootUser = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["user"]>;

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  const { user } = useLoaderData<typeof loader>();
  return (
    <Document>
      {user ? <AppHeader user={user} /> : null}
      <main className="page">
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <Document title="Error · QA Workbench">
      <main className="page">
        <GeneralErrorBoundary error={error} />
      </main>
    </Document>
  );
}
