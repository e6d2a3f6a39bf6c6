import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { scopeSet } from "../../src/server/caller.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { assembleRuntime } from "../../src/server/runtime.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { TOOLS } from "../../tools/registry.js";
import { createTestConnector } from "../helpers/test-connector.js";

describe("a cancelled call", () => {
  it("is logged at info as cancelled, not as an error", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", write: (line) => lines.push(line) });
    const connector = createTestConnector("a", ["listStudents"]);
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    connector.listStudents = (_query, ctx) =>
      new Promise((_resolve, reject) => {
        started();
        ctx.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    const runtime = assembleRuntime({
      tools: TOOLS,
      connections: new Map([[connector.id, { connector, scopes: scopeSet(["students:read"]) }]]),
      cache: createSharedCache("memory"),
      logger,
      secret: "s".repeat(32),
      filter: { readOnly: false },
    });
    const { client, close } = await connectInMemory(runtime);
    try {
      const cancel = new AbortController();
      const call = client.callTool(
        { name: "list_students", arguments: {} },
        {
          signal: cancel.signal,
        },
      );
      await running;
      cancel.abort();
      await expect(call).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const entries = lines.map(
        (line) => JSON.parse(line) as { level: string; msg: string; outcome?: string },
      );
      const line = entries.find((e) => e.msg === "tool call" || e.msg === "tool call failed unexpectedly");
      expect(line).toMatchObject({ level: "info", msg: "tool call", outcome: "cancelled" });
      expect(entries.some((e) => e.level === "error")).toBe(false);
    } finally {
      await close();
      await runtime.close();
    }
  });
});
