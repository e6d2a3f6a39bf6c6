import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { WriteOutcomeUnknownError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { scopeSet } from "../../src/server/caller.js";
import {
  type DisclosureLog,
  disclosedStudents,
  fileDisclosureLog,
  redisDisclosureLog,
} from "../../src/server/disclosure.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { assembleRuntime } from "../../src/server/runtime.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { TOOLS } from "../../tools/registry.js";
import { REDIS_URL, requireRedisInCi } from "../helpers/redis.js";

const hasRedis = await requireRedisInCi("the shared disclosure stream test");

import { createTestConnector } from "../helpers/test-connector.js";

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "disclosures-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function serverWith(log: DisclosureLog) {
  const connector = createTestConnector("a", ["listStudents", "getAttendance", "recordAttendance"]);
  const runtime = assembleRuntime({
    tools: TOOLS,
    connections: new Map([
      [
        connector.id,
        { connector, scopes: scopeSet(["students:read", "attendance:read", "attendance:write"]) },
      ],
    ]),
    cache: createSharedCache("memory"),
    logger: silentLogger,
    secret: "s".repeat(32),
    filter: { readOnly: false },
    disclosures: log,
  });
  const caller = {
    name: "office",
    scopes: scopeSet(["students:read", "attendance:read", "attendance:write"]),
  };
  const connected = await connectInMemory(runtime, caller);
  cleanups.push(async () => {
    await connected.close();
    await runtime.close();
  });
  const call = async (name: string, args: Record<string, unknown>) =>
    (await connected.client.callTool({ name, arguments: args })) as CallToolResult;
  return { connector, call };
}

describe("the disclosure log", () => {
  it("records who was shown which children, by id and never by name", async () => {
    const path = join(await scratch(), "disclosures.jsonl");
    const log = fileDisclosureLog(path);
    const { call } = await serverWith(log);
    await call("list_students", {});
    await call("get_attendance", { studentId: "1", date: "2026-12-01" });
    await log.close();
    const text = await readFile(path, "utf8");
    expect(text).not.toMatch(/Ada|Bo Test/);
    const entries = await log.read({ student: "1" });
    expect(entries.map((e) => e.tool)).toEqual(["list_students", "get_attendance"]);
    expect(entries[0]).toMatchObject({
      caller: "office",
      write: false,
      students: ["1", "2"],
    });
    expect(await log.read({ student: "2" })).toHaveLength(1);
    expect(await log.read({ caller: "someone-else" })).toHaveLength(0);
  });

  it("records a write that may have happened under a fault", async () => {
    const log = fileDisclosureLog(join(await scratch(), "d.jsonl"));
    const { connector, call } = await serverWith(log);
    connector.recordAttendance = async () => {
      throw new WriteOutcomeUnknownError("TestProvider", "it answered HTTP 503", "Check the record");
    };
    const result = await call("record_attendance", { studentId: "7", action: "check_in" });
    expect(result.isError).toBe(true);
    const [entry] = await log.read({ student: "7" });
    expect(entry).toMatchObject({
      tool: "record_attendance",
      write: true,
      outcome: "outcome_unknown",
      mayHaveHappened: true,
    });
  });

  it("rotates past its size and still reads the whole history", async () => {
    const path = join(await scratch(), "d.jsonl");
    const log = fileDisclosureLog(path, { maxBytes: 300, keep: 50 });
    // Entries recorded together are appended together; rotation comes between appends.
    for (let i = 0; i < 20; i++) {
      log.record({
        at: `2026-12-0${1 + (i % 9)}T10:00:00Z`,
        caller: "c",
        tool: "t",
        outcome: "ok",
        write: false,
        students: [String(i)],
      });
      if (i % 5 === 4) await log.read();
    }
    expect(await log.read()).toHaveLength(20);
    expect((await readFile(`${path}.1`, "utf8")).length).toBeGreaterThan(0);
    expect(await log.read({ since: "2026-12-09" })).toHaveLength(2);
  });

  it("finds children's ids wherever a tool puts them", () => {
    expect(
      disclosedStudents({
        students: [{ id: "4", displayName: "x" }],
        student: { id: 5 },
        records: [{ studentId: "6" }, { studentId: 7 }],
        groups: [{ id: "not-a-child" }],
      }).sort(),
    ).toEqual(["4", "5", "6", "7"]);
  });

  it.runIf(hasRedis)("shares one stream across replicas when the cache is Redis", async () => {
    const a = await redisDisclosureLog(REDIS_URL);
    const b = await redisDisclosureLog(REDIS_URL);
    const marker = `test-${process.pid}-${Date.now()}`;
    a.record({
      at: "2026-12-02T10:00:00Z",
      caller: marker,
      tool: "t",
      outcome: "ok",
      write: false,
      students: ["1"],
    });
    b.record({
      at: "2026-12-02T10:00:01Z",
      caller: marker,
      tool: "t",
      outcome: "ok",
      write: false,
      students: ["2"],
    });
    await Promise.all([a.close(), b.close()]);
    const reader = await redisDisclosureLog(REDIS_URL);
    // Each replica writes as soon as its own connection is ready, so the two may land in either order.
    expect((await reader.read({ caller: marker })).flatMap((e) => e.students).sort()).toEqual(["1", "2"]);
    await reader.close();
  });
});
