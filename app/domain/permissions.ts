/**
 * Roles, organisation kinds and the one permission table.
 * A permission is granted by role AND organisation kind: a vendor's qa_lead is not a client qa_lead.
 */

export const ROLES = [
  "admin",
  "ops_manager",
  "qa_lead",
  "qa_specialist",
  "trainer",
  "team_lead",
  "agent",
  "client_reviewer",
] as const;
export type Role = (typeof ROLES)[number];
export type OrganizationKind = "client" | "vendor";

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  ops_manager: "Operations manager",
  qa_lead: "QA lead",
  qa_specialist: "QA specialist",
  trainer: "Trainer",
  team_lead: "Team lead",
  agent: "Agent",
  client_reviewer: "Client reviewer",
};

/** Roles that exist in each kind of organisation: agents and team leads work at vendors; client reviewers at the client. */
export const ROLES_BY_ORGANIZATION_KIND: Record<OrganizationKind, readonly Role[]> = {
  client: ["admin", "ops_manager", "qa_lead", "qa_specialist", "trainer", "client_reviewer"],
  vendor: ["admin", "ops_manager", "qa_lead", "qa_specialist", "trainer", "team_lead", "agent"],
};

export function isRoleAllowedIn(role: Role, kind: OrganizationKind): boolean {
  return ROLES_BY_ORGANIZATION_KIND[kind].includes(role);
}

type Grant = { roles: readonly Role[]; kinds: readonly OrganizationKind[] };
const BOTH: readonly OrganizationKind[] = ["client", "vendor"];
const CLIENT: readonly OrganizationKind[] = ["client"];
const STAFF: readonly Role[] = [
  "admin",
  "ops_manager",
  "qa_lead",
  "qa_specialist",
  "trainer",
  "team_lead",
  "client_reviewer",
];

export const PERMISSIONS = {
  "scorecard:view": { roles: [...STAFF, "agent"], kinds: BOTH },
  "scorecard:author": { roles: ["admin", "qa_lead"], kinds: CLIENT },
  "agent:view": { roles: STAFF, kinds: BOTH },
  "interaction:view": { roles: [...STAFF, "agent"], kinds: BOTH },
  "evaluation:view": { roles: [...STAFF, "agent"], kinds: BOTH },
  "evaluation:score": { roles: ["admin", "qa_lead", "qa_specialist"], kinds: BOTH },
  // Re-scoring a submitted evaluation and resolving disputes: leads, never the original reviewer (checked per case).
  "evaluation:rescore": { roles: ["admin", "qa_lead"], kinds: BOTH },
  "interaction:import": { roles: ["admin", "qa_lead"], kinds: CLIENT },
  "sampling:manage": { roles: ["admin", "qa_lead"], kinds: BOTH },
  "assignment:manage": { roles: ["admin", "qa_lead"], kinds: BOTH },
  "dispute:raise": { roles: ["agent", "team_lead"], kinds: ["vendor"] },
  "dispute:resolve": { roles: ["admin", "qa_lead"], kinds: BOTH },
  "calibration:facilitate": { roles: ["admin", "qa_lead"], kinds: CLIENT },
  "calibration:participate": { roles: ["qa_lead", "qa_specialist", "client_reviewer"], kinds: BOTH },
  "kpi:view": { roles: STAFF, kinds: BOTH },
  "target:edit": { roles: ["admin", "qa_lead"], kinds: CLIENT },
  // Context notes explain anomalies on charts ("system outage"); anyone who reads dashboards may add one.
  "context_note:add": { roles: ["admin", "ops_manager", "qa_lead", "trainer", "team_lead"], kinds: BOTH },
  "root_cause:tag": { roles: ["admin", "qa_lead", "trainer"], kinds: BOTH },
  "coaching:manage": { roles: ["admin", "qa_lead", "trainer", "team_lead"], kinds: BOTH },
  "trainer:view": { roles: ["admin", "ops_manager", "qa_lead", "trainer"], kinds: BOTH },
  "api:use": { roles: STAFF, kinds: BOTH },
  "user:manage": { roles: ["admin"], kinds: BOTH },
} as const satisfies Record<string, Grant>;

export type Permission = keyof typeof PERMISSIONS;

export function can(user: { role: Role; organizationKind: OrganizationKind }, permission: Permission): boolean {
  const grant: Grant = PERMISSIONS[permission];
  return grant.roles.includes(user.role) && grant.kinds.includes(user.organizationKind);
}

/**
 * What tenant data a user may read. Client users see every vendor; vendor users only their own;
 * a user with the agent role only their own agent record's data.
 */
export type Scope =
  | { kind: "client"; organizationId: string }
  | { kind: "vendor"; organizationId: string; vendorId: string; agentId: string | null };

export function scopeFor(user: {
  role: Role;
  organizationId: string;
  organizationKind: OrganizationKind;
  agentId: string | null;
}): Scope {
  if (user.organizationKind === "client") return { kind: "client", organizationId: user.organizationId };
  return {
    kind: "vendor",
    organizationId: user.organizationId,
    vendorId: user.organizationId,
    // An agent-role user without a linked agent record sees no agent data at all (agentId "none" matches nothing).
    agentId: user.role === "agent" ? (user.agentId ?? "00000000-0000-0000-0000-000000000000") : null,
  };
}
