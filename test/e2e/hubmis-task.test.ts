/**
 * End to end: a form register bigger than HUBmis's budget allows in one tool call, asked by a client that
 * negotiated the Tasks extension. The call becomes a task that keeps working inside the rate budget; polled
 * with tasks/get it reports `working`, then `completed` with the whole answer. The answer is the one the
 * cursor sequence gives a client without tasks, and HUBmis was asked for each pupil's register once.
 *
 * The demo clock runs 6x from a pinned school afternoon, so the result does not depend on the hour; the tool
 * deadline is shortened to 4 s so the file takes seconds rather than minutes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttendanceRecord } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { type HubmisSandbox, startHubmisSandbox } from "../../src/sandbox/hubmis/index.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { createRuntime, type Runtime } from "../../src/server/runtime.js";
import { TASKS_EXTENSION } from "../../src/server/tasks.js";
import { TOOLS } from "../../tools/registry.js";
import { envelope, type RawReply, rawConnection } from "../helpers/raw-mcp.js";
import { WEDNESDAY, WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";

const SCALE = 6;
const WITH_TASKS = { extensions: { [TASKS_EXTENSION]: {} } };

interface Stack {
  sandbox: HubmisSandbox;
  runtime: Runtime;
  raw: Awaited<ReturnType<typeof rawConnection>>;
}

async function stack(): Promise<Stack> {
  const sandbox = await startHubmisSandbox({
    seed: DEFAULT_SEED,
    clock: createClock(SCALE, WEDNESDAY_AFTERNOON),
  });
  const runtime = await createRuntime(
    { ...demoConfig(sandbox.connections, { token: "e2e-token-0123456789abcdef" }), toolDeadlineSeconds: 4 },
    silentLogger,
    TOOLS,
    { clock: sandbox.clock, timeScale: SCALE },
  );
  return { sandbox, runtime, raw: await rawConnection(runtime) };
}

let withTasks: Stack;
let withoutTasks: Stack;
beforeAll(async () => {
  withTasks = await stack();
  withoutTasks = await stack();
}, 30_000);
afterAll(async () => {
  for (const s of [withTasks, withoutTasks]) {
    await s.raw.close();
    await s.runtime.close();
    await s.sandbox.close();
  }
});

interface AttendanceOut {
  records: AttendanceRecord[];
  summaries: Array<{
    continuation?: { cursor: string; estimatedSeconds: number };
    totals: { sessions: number };
  }>;
}

const structured = (reply: RawReply) => reply.result?.["structuredContent"] as AttendanceOut;
const sortRecords = (records: AttendanceRecord[]) =>
  [...records].sort((a, b) =>
    `${a.studentId}${a.date}${a.session}`.localeCompare(`${b.studentId}${b.date}${b.session}`),
  );

describe("a form register as a task", () => {
  it("works in the background, reports status, and completes with the cursor sequence's answer, each pupil once", async () => {
    const { sandbox } = withTasks;
    const form = sandbox.data.forms
      .map((f) => ({
        f,
        pupils: sandbox.data.students.filter((s) => s.enrolmentStatus === "current" && s.formId === f.id),
      }))
      .sort((a, b) => b.pupils.length - a.pupils.length)[0];
    const pupils = form?.pupils ?? [];
    const args = { connection: "oakfield", groupId: form?.f.code, from: WEDNESDAY, to: WEDNESDAY };

    // Without tasks: a partial answer and a cursor, asked again until whole.
    const cursorSequence = async (): Promise<AttendanceOut> => {
      let direct = structured(
        await withoutTasks.raw.send("tools/call", {
          name: "get_attendance",
          arguments: args,
          _meta: envelope(),
        }),
      );
      expect(direct.summaries[0]?.continuation).toBeDefined();
      for (let round = 0; direct.summaries[0]?.continuation && round < 30; round += 1) {
        const { cursor, estimatedSeconds } = direct.summaries[0].continuation;
        // The wait the answer named (real seconds at this time scale), and a little over.
        await new Promise((resolve) => setTimeout(resolve, estimatedSeconds * 1000 + 500));
        direct = structured(
          await withoutTasks.raw.send("tools/call", {
            name: "get_attendance",
            arguments: { ...args, cursor },
            _meta: envelope(),
          }),
        );
      }
      expect(direct.summaries[0]?.continuation).toBeUndefined();
      return direct;
    };
    // With tasks: one call, then status until done. Both run at once, each on its own sandbox.
    const seen = new Set<string>();
    const asTask = async (): Promise<Record<string, unknown> | undefined> => {
      const created = await withTasks.raw.send("tools/call", {
        name: "get_attendance",
        arguments: args,
        _meta: envelope(WITH_TASKS),
      });
      expect(created.result).toMatchObject({ resultType: "task", status: "working" });
      const taskId = String(created.result?.["taskId"]);
      let task: Record<string, unknown> | undefined;
      for (let i = 0; i < 240; i += 1) {
        task = (await withTasks.raw.send("tasks/get", { taskId, _meta: envelope(WITH_TASKS) })).result;
        seen.add(String(task?.["status"]));
        if (task?.["status"] !== "working") break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return task;
    };
    const [direct, task] = await Promise.all([cursorSequence(), asTask()]);
    expect(seen.has("working")).toBe(true);
    expect(task?.["status"]).toBe("completed");
    const result = task?.["result"] as { structuredContent: AttendanceOut; isError?: boolean };
    expect(result.isError).toBeFalsy();
    const answer = result.structuredContent;
    expect(answer.summaries[0]?.continuation).toBeUndefined();
    expect(new Set(answer.records.map((r) => r.studentId)).size).toBe(pupils.length);
    expect(answer.summaries[0]?.totals.sessions).toBe(pupils.length * 2);
    expect(sortRecords(answer.records)).toEqual(sortRecords(direct.records));
    for (const pupil of pupils) {
      expect(
        sandbox.server.stats.byPath.get(`/api/v1/students/${pupil.id}/attendance`),
        `pupil ${pupil.id}`,
      ).toBe(1);
    }
  }, 120_000);
});
