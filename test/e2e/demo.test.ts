import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoHarness, startDemo } from "../helpers/demo.js";

/**
 * The whole demo (three simulated providers, four connections) behind one MCP client: every tool answers a
 * sensible question with structured content that validates, and questions without `connection` fan out.
 */
let demo: DemoHarness;
beforeAll(async () => {
  // HUBmis allows 12 requests a minute; a 30x clock lets this file ask many questions in seconds.
  demo = await startDemo({ sandbox: { timeScale: 30 } });
}, 60_000);
afterAll(async () => {
  await demo?.close();
});

describe("the full demo", () => {
  it("lists the four connections with what each can answer", async () => {
    const out = await demo.call<{
      connections: { connection: string; provider: string; scopes: string[] }[];
    }>("list_connections");
    expect(out.connections.map((c) => `${c.connection}:${c.provider}`).sort()).toEqual([
      "classcharts-parent:classcharts",
      "classcharts-student:classcharts",
      "little-acorns:centrecareos",
      "oakfield:hubmis",
    ]);
    for (const connection of out.connections) expect(connection.scopes).not.toContain("sensitive:read");
  });

  it("fans a question out to every connection that can answer and labels each record", async () => {
    const out = await demo.call<{ students: { connection: string }[]; errors?: unknown[] }>("list_students", {
      limit: 20,
    });
    expect(out.errors).toBeUndefined();
    expect(new Set(out.students.map((s) => s.connection))).toEqual(
      new Set(["little-acorns", "oakfield", "classcharts-parent", "classcharts-student"]),
    );
  });

  it("diagnoses every connection as healthy", async () => {
    const out = await demo.call<{ checks: { connection: string; ok: boolean }[] }>("diagnose_connection");
    expect(out.checks).toHaveLength(4);
    expect(out.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("answers every tool in the catalogue with output that validates", async () => {
    const students = await demo.call<{ students: { id: string }[] }>("list_students", {
      connection: "little-acorns",
    });
    const child = students.students[0]?.id as string;
    const invoices = await demo.call<{ invoices: { id: string }[] }>("list_invoices", {
      connection: "little-acorns",
    });
    const calls: [string, Record<string, unknown>][] = [
      ["get_student", { connection: "little-acorns", studentId: child }],
      ["list_groups", { connection: "oakfield", kind: "form" }],
      ["list_staff", { connection: "little-acorns" }],
      ["get_attendance", { connection: "little-acorns", groupId: "Robins" }],
      ["get_timetable", { connection: "oakfield", staffId: "Mr Patel" }],
      ["list_wellbeing_events", { connection: "oakfield", yearGroup: "Year 9", severity: "High" }],
      ["list_behaviour", { connection: "classcharts-parent" }],
      ["list_homework", { connection: "classcharts-student" }],
      ["list_announcements", {}],
      ["list_messages", { connection: "little-acorns" }],
      ["get_invoice", { connection: "little-acorns", invoiceId: invoices.invoices[0]?.id }],
      ["list_payments", { connection: "little-acorns" }],
    ];
    for (const [name, args] of calls) {
      const result = await demo.raw(name, args);
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join(" ");
      expect(result.isError, `${name}: ${text}`).toBeFalsy();
      expect(result.structuredContent, name).toBeDefined();
      expect(text.length, name).toBeGreaterThan(0);
    }
  });

  it("says plainly when a connection's provider cannot answer", async () => {
    const result = await demo.raw("list_invoices", { connection: "oakfield" });
    expect(result.isError).toBe(true);
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join(" ");
    expect(text).toMatch(/^(Not supported|Not permitted): .*oakfield/);
  });
});
