import { Form, NavLink } from "@remix-run/react";
import { ROLE_LABELS } from "~/domain/permissions";
import type { RootUser } from "~/root";

export function AppHeader({ user }: { user: RootUser }) {
  return (
    <header className="app-header">
      <NavLink to="/" className="brand">
        QA Workbench
      </NavLink>
      <nav aria-label="Main">
        <NavLink to="/" end>
          Home
        </NavLink>
        {user.nav.dashboards ? <NavLink to="/dashboards/vendors">Dashboards</NavLink> : null}
        {user.nav.myKpis ? <NavLink to="/dashboards/me">My KPIs</NavLink> : null}
        {user.nav.queue ? <NavLink to="/queue">My queue</NavLink> : null}
        {user.nav.disputes ? <NavLink to="/disputes">Disputes</NavLink> : null}
        {user.nav.calibrations ? <NavLink to="/calibrations">Calibration</NavLink> : null}
        {user.nav.trainer ? <NavLink to="/trainer">Trainer</NavLink> : null}
        {user.nav.coaching ? <NavLink to="/coaching">Coaching</NavLink> : null}
        {user.nav.scorecards ? <NavLink to="/scorecards">Scorecards</NavLink> : null}
        {user.nav.agents ? <NavLink to="/agents">Agents</NavLink> : null}
        {user.nav.sampling ? <NavLink to="/sampling">Sampling</NavLink> : null}
        {user.nav.imports ? <NavLink to="/imports">Import</NavLink> : null}
        {user.nav.users ? <NavLink to="/admin/users">Users</NavLink> : null}
      </nav>
      <div className="who">
        <span className="who-name">{user.name}</span>
        <span className="who-meta">
          {ROLE_LABELS[user.role]} · {user.organizationName}
          {user.nav.apiTokens ? (
            <>
              {" · "}
              <NavLink to="/settings/api-tokens">API tokens</NavLink>
            </>
          ) : null}
        </span>
      </div>
      <Form method="post" action="/logout">
        <button type="submit" className="button secondary">
          Sign out
        </button>
      </Form>
    </header>
  );
}
