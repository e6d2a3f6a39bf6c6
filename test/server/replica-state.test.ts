import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.js";
import { scopeSet } from "../../src/server/caller.js";
import { assembleRuntime, type Runtime } from "../../src/server/runtime.js";
import { TASKS_EXTENSION } from "../../src/server/tasks.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { TOOLS } from "../../tools/registry.js";
import { envelope, rawConnection } from "../helpers/raw-mcp.js";
import { REDIS_URL, requireRedisInCi } from "../helpers/redis.js";
import { createTestConnector, type TestConnector } from "../helpers/test-connector.js";

/**
 * Two replicas sharing Redis: a task started on one is answered by the other's tasks/get, and a send
 * approved through input_required on one cannot be replayed on the other.
 */
let redis = false;
beforeAll(async () => {
  redis = await requireRedisInCi("task and round-trip state across replicas");
});

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open) await o.close();
  open = [];
});

function replica(connector: TestConnector): Runtime {
  const runtime = assembleRuntime({
    tools: TOOLS,
    connections: new Map([
      [
        connector.id,
        {
          connector,
          scopes: scopeSet(["students:read", "attendance:read", "messages:read", "messages:write"]),
        },
      ],
    ]),
    cache: createSharedCache(REDIS_URL),
    durableCache: true,
    logger: silentLogger,
    secret: "shared-secret-shared-secret-shared!!",
    filter: { readOnly: false },
  });
  open.push(runtime);
  return runtime;
}

async function two() {
  const connector = createTestConnector(`r${Math.random().toString(36).slice(2, 8)}`);
  const a = await rawConnection(replica(connector));
  const b = await rawConnection(replica(connector));
  open.unshift(a, b);
  return { a, b, connector };
}

describe("state shared by replicas", () => {
  it("answers tasks/get on the replica that did not start the task", async (context) => {
    if (!redis) return context.skip();
    const { a, b, connector } = await two();
    const meta = envelope({ extensions: { [TASKS_EXTENSION]: {} } });
    const created = await a.send("tools/call", {
      name: "get_attendance",
      arguments: { connection: connector.id, studentId: "1", date: "2026-11-30" },
      _meta: meta,
    });
    const taskId = String(created.result?.["taskId"]);
    let status: unknown;
    for (let i = 0; i < 100 && status !== "completed"; i += 1) {
      status = (await b.send("tasks/get", { taskId, _meta: meta })).result?.["status"];
      if (status !== "completed") await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe("completed");
  });

  it("sends an approved message once, whichever replica the retry and its replay reach", async (context) => {
    if (!redis) return context.skip();
    const { a, b, connector } = await two();
    const meta = envelope({ elicitation: { form: {} } });
    const args = { connection: connector.id, recipients: ["parent-3"], content: "Trip on Friday." };
    const first = await a.send("tools/call", { name: "send_message", arguments: args, _meta: meta });
    expect(first.result?.["resultType"]).toBe("input_required");
    const retry = {
      name: "send_message",
      arguments: args,
      inputResponses: { confirm: { action: "accept", content: { confirm: true } } },
      requestState: first.result?.["requestState"],
      _meta: meta,
    };
    const sent = await b.send("tools/call", retry);
    expect(sent.result?.["structuredContent"]).toMatchObject({ status: "sent" });
    const replay = await a.send("tools/call", retry);
    expect(replay.result?.["isError"]).toBe(true);
    expect(connector.sent).toHaveLength(1);
  });
});
