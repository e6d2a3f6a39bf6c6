import { afterEach, describe, expect, it } from "vitest";
import { TASKS_EXTENSION } from "../../src/server/tasks.js";
import { envelope, rawConnection } from "../helpers/raw-mcp.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open) await o.close();
  open = [];
});

const WITH_TASKS = { extensions: { [TASKS_EXTENSION]: {} } };

async function setUp() {
  const connector = createTestConnector("a");
  const runtime = testRuntime([{ connector }]);
  const raw = await rawConnection(runtime);
  open.push(raw, runtime);
  return { raw, connector };
}

const attendance = {
  name: "get_attendance",
  arguments: { connection: "a", studentId: "1", date: "2026-11-30" },
};

describe("Tasks", () => {
  it("advertises the extension on server/discover", async () => {
    const { raw } = await setUp();
    const discovered = await raw.send("server/discover", { _meta: envelope() });
    expect(discovered.result?.["capabilities"]).toMatchObject({ extensions: { [TASKS_EXTENSION]: {} } });
  });

  it("turns get_attendance into a task for a client that negotiated it; tasks/get inlines the answer", async () => {
    const { raw, connector } = await setUp();
    const created = await raw.send("tools/call", { ...attendance, _meta: envelope(WITH_TASKS) });
    expect(created.result).toMatchObject({ resultType: "task", status: "working" });
    expect(created.result).not.toHaveProperty("result");
    const taskId = String(created.result?.["taskId"]);
    let task: Record<string, unknown> | undefined;
    for (let i = 0; i < 100; i += 1) {
      task = (await raw.send("tasks/get", { taskId, _meta: envelope(WITH_TASKS) })).result;
      if (task?.["status"] !== "working") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(task?.["status"]).toBe("completed");
    const direct = await raw.send("tools/call", { ...attendance, _meta: envelope() });
    expect(direct.result?.["resultType"]).not.toBe("task");
    expect((task?.["result"] as Record<string, unknown> | undefined)?.["structuredContent"]).toEqual(
      direct.result?.["structuredContent"],
    );
    expect(connector.calls.filter((c) => c.method === "getAttendance")).toHaveLength(2);
  });

  it("refuses tasks/* with -32021 to a request that did not negotiate the extension", async () => {
    const { raw } = await setUp();
    for (const method of ["tasks/get", "tasks/cancel", "tasks/update"]) {
      const reply = await raw.send(method, { taskId: "x", inputResponses: {}, _meta: envelope() });
      expect(reply.error?.code).toBe(-32021);
      expect(reply.id).toBeDefined();
    }
  });

  it("answers an unknown task id with -32602, and a cancelled task stays cancelled", async () => {
    const { raw } = await setUp();
    const unknown = await raw.send("tasks/get", { taskId: "no-such-task", _meta: envelope(WITH_TASKS) });
    expect(unknown.error?.code).toBe(-32602);
    const created = await raw.send("tools/call", { ...attendance, _meta: envelope(WITH_TASKS) });
    const taskId = String(created.result?.["taskId"]);
    const ack = await raw.send("tasks/cancel", { taskId, _meta: envelope(WITH_TASKS) });
    expect(ack.error).toBeUndefined();
    expect(ack.result).not.toHaveProperty("taskId");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await raw.send("tasks/get", { taskId, _meta: envelope(WITH_TASKS) });
    expect(after.result?.["status"]).toBe("cancelled");
  });
});
