// /sampling/new: the plan form with no plan yet (the module tells the two apart by the missing planId).
export { action, default, ErrorBoundary, loader, meta } from "./sampling.$planId._index/route";
