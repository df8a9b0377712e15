import { describe, expect, it } from "vitest";
import { buildRefIndex, resolveRowRefs } from "./interaction-row-refs";

const index = buildRefIndex({
  vendors: [
    { id: "v-acme", slug: "acme", name: "Acme Contact Solutions" },
    { id: "v-beacon", slug: "beacon", name: "Beacon BPO" },
  ],
  teams: [
    { id: "t-chat", vendorId: "v-acme", name: "Acme Chat Tier 1" },
    { id: "t-voice", vendorId: "v-acme", name: "Acme Voice Billing" },
    { id: "t-beacon", vendorId: "v-beacon", name: "Beacon Voice Tier 1" },
  ],
  agents: [
    { id: "a-1", vendorId: "v-acme", teamId: "t-chat", externalId: "AC-1255", email: "bongani.pham@acme.example" },
    { id: "a-2", vendorId: "v-acme", teamId: "t-voice", externalId: "AC-1417", email: "yasmin.hussain@acme.example" },
    { id: "a-3", vendorId: "v-beacon", teamId: "t-beacon", externalId: "BB-1361", email: "shared@beacon.example" },
    { id: "a-4", vendorId: "v-beacon", teamId: "t-beacon", externalId: "BB-1362", email: "shared@beacon.example" },
  ],
});

const row = (overrides: Partial<Parameters<typeof resolveRowRefs>[1]> = {}) => ({
  vendor: "acme",
  team: "Acme Chat Tier 1",
  agentExternalId: "AC-1255" as string | null,
  agentEmail: null as string | null,
  ...overrides,
});

describe("resolveRowRefs", () => {
  it("resolves vendor by slug or name, team by name, agent by external id or email, ignoring case", () => {
    const expected = { ok: true, refs: { vendorId: "v-acme", teamId: "t-chat", agentId: "a-1" } };
    expect(resolveRowRefs(index, row())).toEqual(expected);
    expect(
      resolveRowRefs(
        index,
        row({ vendor: "ACME CONTACT SOLUTIONS", team: "acme chat tier 1", agentExternalId: "ac-1255" }),
      ),
    ).toEqual(expected);
    expect(resolveRowRefs(index, row({ agentExternalId: null, agentEmail: "Bongani.Pham@ACME.example" }))).toEqual(
      expected,
    );
    expect(resolveRowRefs(index, row({ agentEmail: "bongani.pham@acme.example" }))).toEqual(expected);
  });

  it("reports an unknown vendor, and still checks the agent", () => {
    expect(resolveRowRefs(index, row({ vendor: "zenith", agentExternalId: "AC-0000" }))).toEqual({
      ok: false,
      issues: [
        { column: "vendor", message: 'unknown vendor "zenith"' },
        { column: "agent_external_id", message: 'no agent with external id "AC-0000"' },
      ],
    });
  });

  it("reports a team that is not the vendor's", () => {
    expect(resolveRowRefs(index, row({ team: "Beacon Voice Tier 1" }))).toEqual({
      ok: false,
      issues: [{ column: "team", message: 'no team "Beacon Voice Tier 1" at Acme Contact Solutions' }],
    });
  });

  it("reports an unknown agent email", () => {
    expect(resolveRowRefs(index, row({ agentExternalId: null, agentEmail: "nobody@acme.example" }))).toEqual({
      ok: false,
      issues: [{ column: "agent_email", message: 'no agent with email "nobody@acme.example"' }],
    });
  });

  it("refuses an agent of another vendor", () => {
    expect(resolveRowRefs(index, row({ agentExternalId: "BB-1361" }))).toEqual({
      ok: false,
      issues: [
        { column: "agent_external_id", message: "agent BB-1361 works for Beacon BPO, not Acme Contact Solutions" },
      ],
    });
  });

  it("refuses an agent of another team of the same vendor", () => {
    expect(resolveRowRefs(index, row({ agentExternalId: "AC-1417" }))).toEqual({
      ok: false,
      issues: [{ column: "team", message: 'agent AC-1417 is in team "Acme Voice Billing", not "Acme Chat Tier 1"' }],
    });
  });

  it("refuses an external id and an email that name different agents", () => {
    expect(resolveRowRefs(index, row({ agentEmail: "yasmin.hussain@acme.example" }))).toEqual({
      ok: false,
      issues: [{ column: "agent_email", message: "belongs to agent AC-1417, not AC-1255 (agent_external_id)" }],
    });
  });

  it("does not guess between agents sharing an email", () => {
    const result = resolveRowRefs(
      index,
      row({
        vendor: "beacon",
        team: "Beacon Voice Tier 1",
        agentExternalId: null,
        agentEmail: "shared@beacon.example",
      }),
    );
    expect(result).toEqual({
      ok: false,
      issues: [
        { column: "agent_email", message: 'several agents have email "shared@beacon.example"; use agent_external_id' },
      ],
    });
  });
});
