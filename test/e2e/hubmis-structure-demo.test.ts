/**
 * End to end through a real MCP client on the demo stack: a school's structure, its staff's contact details
 * and hours, the learning support list and a single pastoral record, each answered from the HUBmis sandbox.
 */

import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Group, LearningSupportRecord, StaffMember, WellbeingEvent } from "../../src/domain/index.js";
import { WITHHELD } from "../../src/domain/index.js";
import { SCOPES } from "../../src/domain/scopes.js";
import { silentLogger } from "../../src/log.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { type HubmisSandbox, startHubmisSandbox } from "../../src/sandbox/hubmis/index.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { createRuntime, type Runtime } from "../../src/server/runtime.js";
import { TOOLS } from "../../tools/registry.js";
import { WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";
import { type ProviderDemo, resultText, serveProviderDemo } from "./provider-demo.js";

const connection = "oakfield";
const SCALE = 60;
let sandbox: HubmisSandbox;
let demo: ProviderDemo;
/** The same stack, with sensitive:read granted on the connection (the local caller has every scope). */
let sensitive: { runtime: Runtime; mcp: { client: Client; close(): Promise<void> } };

describe("questions about the school's structure, staff and support", () => {
  beforeAll(async () => {
    sandbox = await startHubmisSandbox({
      seed: DEFAULT_SEED,
      clock: createClock(SCALE, WEDNESDAY_AFTERNOON),
    });
    demo = await serveProviderDemo(sandbox, { timeScale: SCALE });
    const config = demoConfig(sandbox.connections, { token: "e2e-token-0123456789abcdef" });
    for (const c of Object.values(config.connections)) c.scopes = [...SCOPES];
    const runtime = await createRuntime(config, silentLogger, TOOLS, {
      clock: sandbox.clock,
      timeScale: SCALE,
    });
    sensitive = { runtime, mcp: await connectInMemory(runtime) };
  });
  afterAll(async () => {
    await sensitive?.mcp.close();
    await sensitive?.runtime.close();
    await demo.close();
  });

  it("who heads the Science department, and which years make up the Middle School?", async () => {
    const science = await demo.call<{ groups: Group[] }>("list_groups", {
      connection,
      kind: "department",
      search: "Science",
    });
    const head = sandbox.data.staff.find((s) => s.status === "current" && s.department === "Science");
    expect(science.groups).toHaveLength(1);
    expect(science.groups[0]?.staff?.[0]).toContain(head?.lastName);
    expect(science.groups[0]?.includes).toEqual(
      sandbox.data.subjects.filter((s) => s.department === "Science").map((s) => s.name),
    );
    const middle = await demo.call<{ groups: Group[] }>("list_groups", { connection, kind: "section" });
    expect(middle.groups.map((g) => g.name)).toEqual(sandbox.data.sections.map((s) => s.name));
    expect(middle.groups.find((g) => g.name === "Middle School")?.includes).toEqual([
      "Year 9",
      "Year 10",
      "Year 11",
    ]);
    // No member list exists for either: the answer says where the pupils are instead of guessing.
    const members = await demo.raw("list_students", { connection, groupId: middle.groups[0]?.id });
    expect(members.isError).toBe(true);
    expect(resultText(members)).toContain("ask by yearGroup");
  });

  it("what are Mr Patel's working hours, and who is his emergency contact?", async () => {
    const patel = sandbox.data.staff.find((s) => s.lastName === "Patel" && s.status === "current");
    const args = { connection, id: "Mr Patel" };
    const out = await demo.call<{ staff: StaffMember[] }>("list_staff", args);
    expect(out.staff).toHaveLength(1);
    expect(out.staff[0]).toMatchObject({ id: String(patel?.id), displayName: "Mr Dev Patel" });
    expect(out.staff[0]?.workingHours).toHaveLength(5);
    expect(out.staff[0]?.workingHours?.[4]).toEqual({ day: "Friday", from: "08:15", to: "16:00" });
    const text = resultText(await demo.raw("list_staff", args));
    expect(text).toContain("Fri 08:15-16:00");
    if (out.staff[0]?.emergencyContact) expect(text).toContain(out.staff[0].emergencyContact);
    // The list stays as it was: no contact details for everyone.
    const all = await demo.call<{ staff: StaffMember[] }>("list_staff", { connection, limit: 5 });
    for (const s of all.staff) expect(s.workingHours).toBeUndefined();
  });

  it("who in Year 9 has learning support? Refused in the demo, answered with sensitive:read", async () => {
    const args = { connection, yearGroup: "Year 9" };
    const refused = await demo.raw("list_learning_support", args);
    expect(refused.isError).toBe(true);
    expect(resultText(refused)).toContain("sensitive:read");
    const result = (await sensitive.mcp.client.callTool({
      name: "list_learning_support",
      arguments: args,
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { records: LearningSupportRecord[] };
    const year9 = sandbox.data.yearGroups.find((y) => y.name === "Year 9");
    const pupils = sandbox.data.students.filter(
      (s) => s.enrolmentStatus === "current" && s.yearGroupId === year9?.id && s.learningSupport,
    );
    expect(pupils.length).toBeGreaterThan(3);
    expect(out.records.map((r) => r.studentId).sort()).toEqual(pupils.map((s) => String(s.id)).sort());
    const first = pupils.find((s) => String(s.id) === out.records[0]?.studentId);
    expect(out.records[0]).toMatchObject({ yearGroup: "Year 9", need: first?.learningSupport?.need });
    expect(resultText(result)).toContain(`${pupils.length} learning support record(s)`);
  });

  it("show me that Year 9 concern: one pastoral record by id, its narrative withheld in the demo", async () => {
    type Out = { events: WellbeingEvent[] };
    const listed = await demo.call<Out>("list_wellbeing_events", {
      connection,
      yearGroup: "Year 9",
      limit: 1,
    });
    const id = listed.events[0]?.id;
    expect(id).toBeDefined();
    const one = await demo.call<Out>("list_wellbeing_events", { connection, id });
    expect(one.events).toEqual(listed.events);
    expect(one.events[0]?.detail).toBe(WITHHELD);
    const record = sandbox.data.pastoral.find((p) => String(p.id) === id);
    expect(one.events[0]?.studentId).toBe(String(record?.studentId));
    const text = resultText(await demo.raw("list_wellbeing_events", { connection, id }));
    expect(text).toContain("1 wellbeing record(s)");
    expect(text).not.toContain(record?.description ?? "?");
  });
});
