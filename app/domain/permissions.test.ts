import { describe, expect, it } from "vitest";
import { can, isRoleAllowedIn, PERMISSIONS, ROLES, scopeFor, type Permission } from "./permissions";

describe("permission table", () => {
  it("grants by role and organisation kind together", () => {
    expect(can({ role: "qa_lead", organizationKind: "client" }, "scorecard:author")).toBe(true);
    expect(can({ role: "qa_lead", organizationKind: "vendor" }, "scorecard:author")).toBe(false);
    expect(can({ role: "admin", organizationKind: "vendor" }, "user:manage")).toBe(true);
    expect(can({ role: "qa_specialist", organizationKind: "client" }, "user:manage")).toBe(false);
  });

  it("keeps agents away from other agents' pages and from admin", () => {
    const agent = { role: "agent", organizationKind: "vendor" } as const;
    expect(can(agent, "agent:view")).toBe(false);
    expect(can(agent, "user:manage")).toBe(false);
    expect(can(agent, "evaluation:view")).toBe(true);
  });

  it("every permission names only known roles, and every role can do something", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      for (const role of PERMISSIONS[permission].roles) expect(ROLES).toContain(role);
    }
    for (const role of ROLES) {
      const kinds = (["client", "vendor"] as const).filter((k) => isRoleAllowedIn(role, k));
      const granted = kinds.flatMap((k) =>
        (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can({ role, organizationKind: k }, p)),
      );
      expect(granted.length, role).toBeGreaterThan(0);
    }
  });

  it("knows which roles exist where", () => {
    expect(isRoleAllowedIn("client_reviewer", "client")).toBe(true);
    expect(isRoleAllowedIn("client_reviewer", "vendor")).toBe(false);
    expect(isRoleAllowedIn("agent", "client")).toBe(false);
    expect(isRoleAllowedIn("team_lead", "vendor")).toBe(true);
  });
});

describe("scopeFor", () => {
  it("gives client users the whole client scope", () => {
    expect(scopeFor({ role: "qa_lead", organizationId: "c", organizationKind: "client", agentId: null })).toEqual({
      kind: "client",
      organizationId: "c",
    });
  });

  it("limits vendor users to their vendor, and agents to their own record", () => {
    expect(scopeFor({ role: "qa_lead", organizationId: "v", organizationKind: "vendor", agentId: null })).toEqual({
      kind: "vendor",
      organizationId: "v",
      vendorId: "v",
      agentId: null,
    });
    expect(scopeFor({ role: "agent", organizationId: "v", organizationKind: "vendor", agentId: "a1" })).toMatchObject({
      agentId: "a1",
    });
  });

  it("gives an agent-role user without an agent record an agent id that matches nothing", () => {
    const scope = scopeFor({ role: "agent", organizationId: "v", organizationKind: "vendor", agentId: null });
    expect(scope.kind === "vendor" && scope.agentId).toBe("00000000-0000-0000-0000-000000000000");
  });
});
