// /dashboards/vendors/:vendorId: the vendor's teams (see dashboards.vendors._index/route.tsx).
export { action, default, ErrorBoundary, loader, meta } from "./dashboards.vendors._index/route";
