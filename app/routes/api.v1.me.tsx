import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson, requireApiUser } from "~/utils/api-auth.server";

// GET /api/v1/me: who the token belongs to and what it can see. A quick check that a token works.
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireApiUser(request);
  const { scope } = user;
  return apiJson({
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    timeZone: user.timeZone,
    organization: { id: user.organizationId, name: user.organizationName, kind: user.organizationKind },
    scope:
      scope.kind === "client"
        ? { kind: "client" }
        : scope.agentId
          ? { kind: "agent", vendorId: scope.vendorId, agentId: scope.agentId }
          : { kind: "vendor", vendorId: scope.vendorId },
    token: { id: user.tokenId },
  });
}
