import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { UnauthorizedError } from "../../src/errors.js";
import type { Caller } from "../../src/server/caller.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import type { Runtime } from "../../src/server/runtime.js";
import { createTestConnector, rateLimited, testRuntime } from "../helpers/test-connector.js";

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

async function client(runtime: Runtime, caller?: Caller): Promise<Client> {
  const connected = await connectInMemory(runtime, caller);
  open.push(connected, runtime);
  return connected.client;
}

async function call(c: Client, name: string, args: unknown): Promise<CallToolResult> {
  return (await c.callTool({ name, arguments: args as Record<string, unknown> })) as CallToolResult;
}

/** {"a": {"a": ... }} n levels deep, built without recursion. */
function deeplyNested(levels: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

const text = (result: CallToolResult) =>
  result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

describe("tool wrapper", () => {
  it("lists only tools some connection supports, in the registry's order", async () => {
    const c = await client(testRuntime([{ connector: createTestConnector("a") }]));
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).toEqual([
      "list_connections",
      "daily_summary",
      "list_students",
      "get_student",
      "get_attendance",
      "get_timetable",
      "list_wellbeing_events",
      "send_message",
      "diagnose_connection",
    ]);
  });

  it("read-only mode hides write tools and refuses them when called anyway", async () => {
    const connector = createTestConnector("a");
    const c = await client(testRuntime([{ connector }], { readOnly: true }));
    const names = (await c.listTools()).tools.map((t) => t.name);
    expect(names).not.toContain("send_message");
    const result = await call(c, "send_message", { recipients: ["p1"], content: "hi" });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/read-only/);
    expect(connector.calls).toHaveLength(0);
  });

  it("needs the scope from the connection and from the caller", async () => {
    const connector = createTestConnector("a");
    const noWrite: Caller = { name: "office", scopes: new Set(["students:read", "messages:read"]) };
    const c = await client(testRuntime([{ connector }]), noWrite);
    expect((await c.listTools()).tools.map((t) => t.name)).not.toContain("send_message");
    const refused = await call(c, "send_message", { recipients: ["p1"], content: "hi" });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/messages:write/);

    const connectorWithoutScope = createTestConnector("b");
    const c2 = await client(testRuntime([{ connector: connectorWithoutScope, scopes: ["students:read"] }]));
    expect((await c2.listTools()).tools.map((t) => t.name)).not.toContain("get_attendance");
    expect(connector.calls).toHaveLength(0);
  });

  it("hands connectors the configured deadline", async () => {
    const connector = createTestConnector("a");
    const deadlines: number[] = [];
    const answer = connector.getAttendance!.bind(connector);
    connector.getAttendance = async (query, ctx) => {
      deadlines.push((ctx.deadline ?? 0) - Date.now());
      return answer(query, ctx);
    };
    const runtime = testRuntime([{ connector }]);
    runtime.deadlineMs = 1_500;
    await call(await client(runtime), "get_attendance", { studentId: "1" });
    expect(deadlines).toHaveLength(1);
    expect(deadlines[0]).toBeGreaterThan(1_000);
    expect(deadlines[0]).toBeLessThanOrEqual(1_500);
  });

  it("narrows by toolset and exclusion, keeping the core tools", async () => {
    const runtime = testRuntime([{ connector: createTestConnector("a") }], {
      toolsets: ["attendance"],
      excludeTools: ["diagnose_connection"],
    });
    const names = (await (await client(runtime)).listTools()).tools.map((t) => t.name);
    expect(names).toEqual(["list_connections", "daily_summary", "get_attendance"]);
  });

  it("keeps a caller to the connections its token names", async () => {
    const a = createTestConnector("a");
    const b = createTestConnector("b");
    const caller: Caller = {
      name: "nursery-office",
      scopes: new Set(["students:read"]),
      connections: new Set(["a"]),
    };
    const c = await client(testRuntime([{ connector: a }, { connector: b }]), caller);
    const listed = await call(c, "list_students", {});
    expect(
      (listed.structuredContent as { students: { connection: string }[] }).students.every(
        (s) => s.connection === "a",
      ),
    ).toBe(true);
    const refused = await call(c, "list_students", { connection: "b" });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/unknown connection "b".*Use one of: a\./);
    const connections = await call(c, "list_connections", {});
    expect(connections.structuredContent).toEqual({
      connections: [expect.objectContaining({ connection: "a", scopes: ["students:read"] })],
    });
    expect(b.calls).toHaveLength(0);
  });

  it("names the field and the reason on bad input, and calls nothing upstream", async () => {
    const connector = createTestConnector("a");
    const c = await client(testRuntime([{ connector }]));
    const cases: [unknown, RegExp][] = [
      [{ studentId: "../etc/passwd" }, /studentId/],
      [{ studentId: "1%2f2" }, /studentId/],
      [{ studentId: "1\r\nX-Evil: 1" }, /studentId/],
      [{ studentId: "a\u0000b" }, /studentId/],
      [{ studentId: "1", date: "2026-02-30" }, /date/],
      [{ studentId: "1", date: "yesterday" }, /date/],
      [{ studentId: "1", colour: "red" }, /colour/],
      [{ studentId: true }, /studentId/],
      [{ studentId: "1", from: "2024-01-01", to: "2026-01-01" }, /limit is 366/],
      [{ studentId: "x".repeat(10_001) }, /studentId: longer than 10000/],
      [{ studentId: "1", to: "9999-12-31" }, /to: must be between 2000-01-01 and 2100-12-31/],
      [{ studentId: "1", date: "1899-01-01" }, /date: must be between/],
      [{ studentId: "1", extra: deeplyNested(200_000) }, /nested deeper than 16 levels/],
      [{ studentId: "1", extra: Array.from({ length: 6_000 }, () => 1) }, /more than 5000 values/],
    ];
    for (const [index, [args, pattern]] of cases.entries()) {
      const result = await call(c, "get_attendance", args);
      expect(result.isError, `case ${index}`).toBe(true);
      expect(text(result)).toMatch(pattern);
    }
    expect(connector.calls).toHaveLength(0);
  });

  it("accepts a number where an id belongs and JSON text where an array belongs", async () => {
    const connector = createTestConnector("a");
    const c = await client(testRuntime([{ connector }]));
    const result = await call(c, "get_attendance", { studentId: 5004, date: "2026-11-02" });
    expect(result.isError).toBeFalsy();
    expect(connector.calls[0]).toEqual({
      method: "getAttendance",
      args: { studentId: "5004", from: "2026-11-02", to: "2026-11-02" },
    });
    const sent = await call(c, "send_message", { recipients: '["p2","p1"]', content: "hello" });
    expect(sent.isError).toBeFalsy();
    expect((sent.structuredContent as Record<string, unknown> | undefined)?.["preview"]).toMatchObject({
      recipients: ["p1", "p2"],
    });
  });

  it("answers unknown tools with a protocol error", async () => {
    const c = await client(testRuntime([{ connector: createTestConnector("a") }]));
    await expect(c.callTool({ name: "drop_tables", arguments: {} })).rejects.toThrow(/Unknown tool/);
  });

  it("labels fanned-out records and keeps answering when one connection fails", async () => {
    const good = createTestConnector("good");
    const bad = createTestConnector("bad");
    bad.failWith = rateLimited();
    const c = await client(testRuntime([{ connector: good }, { connector: bad }]));
    const result = await call(c, "list_students", {});
    expect(result.isError).toBeFalsy();
    const out = result.structuredContent as { students: { connection: string }[]; errors: unknown[] };
    expect(out.students.map((s) => s.connection)).toEqual(["good", "good"]);
    expect(out.errors).toEqual([
      {
        connection: "bad",
        kind: "rate_limited",
        message: expect.stringMatching(/Retry in 42 s/),
        retryAfterSeconds: 42,
      },
    ]);
  });

  it("maps typed errors to actionable text without stack traces", async () => {
    const connector = createTestConnector("a");
    const c = await client(testRuntime([{ connector }]));
    connector.failWith = new UnauthorizedError("TestProvider rejected the API key. Check it in the config.");
    const signIn = await call(c, "list_students", { connection: "a" });
    expect(signIn.isError).toBe(true);
    expect(text(signIn)).toBe(
      "Upstream sign-in failed: TestProvider rejected the API key. Check it in the config.",
    );

    connector.failWith = new TypeError("Cannot read properties of undefined (reading 'x')");
    const crash = await call(c, "list_students", { connection: "a" });
    expect(crash.isError).toBe(true);
    expect(text(crash)).not.toMatch(/TypeError|reading 'x'|at .*\.ts/);

    const notFound = await call(c, "get_student", { studentId: "999" });
    expect(text(notFound)).toBe("Not found: No student with id 999.");

    const unknown = await call(c, "list_students", { connection: "nope" });
    expect(text(unknown)).toMatch(/unknown connection "nope".*Use one of: a/);
  });

  it("returns structuredContent that validates against the advertised outputSchema", async () => {
    const c = await client(testRuntime([{ connector: createTestConnector("a") }]));
    const result = await call(c, "get_timetable", { date: "2026-11-02" });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ lessons: [{ subject: "Maths", connection: "a" }] });
    expect(text(result)).toMatch(/Maths/);
  });
});
