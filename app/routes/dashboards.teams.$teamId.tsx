// /dashboards/teams/:teamId: the team's agents (see dashboards.vendors._index/route.tsx).
export { action, default, ErrorBoundary, loader, meta } from "./dashboards.vendors._index/route";
