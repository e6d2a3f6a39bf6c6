/**
 * End to end: a form's attendance is bigger than HUBmis's budget allows within one tool call. Through a real
 * MCP client in demo mode, the first call answers partially within the server's deadline, sending progress
 * notifications; the follow-up with the cursor completes the answer without asking HUBmis again for any
 * pupil already fetched.
 *
 * The tool deadline is the server's default DEFAULT_DEADLINE_MS (20 s of real time), so this file cannot be
 * quicker than about one deadline: the clock runs 6x, a HUBmis minute lasts ten seconds, and the form needs
 * three of them.
 */
import type { CallToolResult, Progress } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttendanceRecord, Continuation } from "../../src/domain/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { type HubmisSandbox, startHubmisSandbox } from "../../src/sandbox/hubmis/index.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { DEFAULT_DEADLINE_MS } from "../../src/server/runtime.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { WEDNESDAY, WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";
import { type ProviderDemo, serveProviderDemo } from "./provider-demo.js";

const SCALE = 6;
let sandbox: HubmisSandbox;
let demo: ProviderDemo;

interface AttendanceOut {
  records: AttendanceRecord[];
  summaries: Array<{ continuation?: Continuation; notes?: string[]; totals: { sessions: number } }>;
}

beforeAll(async () => {
  // A school afternoon, pinned: the fortnight's registers are all in, whatever the hour of the run.
  sandbox = await startHubmisSandbox({ seed: DEFAULT_SEED, clock: createClock(SCALE, WEDNESDAY_AFTERNOON) });
  demo = await serveProviderDemo(sandbox, { timeScale: SCALE });
});
afterAll(() => demo.close());

describe("a form's attendance over HUBmis's budget", () => {
  it("answers partially by the deadline with progress, then completes from the cursor with no repeated request", async () => {
    const form = sandbox.data.forms.find((f) => f.code === "9R");
    const pupils = sandbox.data.students.filter(
      (s) => s.enrolmentStatus === "current" && s.formId === form?.id,
    );
    const args = {
      connection: "oakfield",
      groupId: "9R",
      from: addDays(mondayOf(WEDNESDAY), -7),
      to: WEDNESDAY,
    };
    const progress: Progress[] = [];
    const started = Date.now();
    const first = (await demo.client.callTool(
      { name: "get_attendance", arguments: args },
      {
        onprogress: (p: Progress) => progress.push(p),
        timeout: DEFAULT_DEADLINE_MS + 10_000,
      },
    )) as CallToolResult;
    expect(Date.now() - started).toBeLessThan(DEFAULT_DEADLINE_MS + 500);
    expect(first.isError).toBeFalsy();
    const partial = first.structuredContent as unknown as AttendanceOut;
    const continuation = partial.summaries[0]?.continuation as Continuation;
    expect(continuation).toBeDefined();
    expect(continuation.remainingRequests).toBeGreaterThan(0);
    const done = new Set(partial.records.map((r) => r.studentId));
    expect(done.size).toBeLessThan(pupils.length);
    expect(progress.length).toBe(done.size);
    expect(progress.at(-1)).toMatchObject({ progress: done.size, total: pupils.length });
    expect(partial.summaries[0]?.notes?.[0]).toMatch(/needs \d+ upstream requests/);
    const text = first.content.map((c) => (c.type === "text" ? c.text : "")).join(" ");
    expect(text).toContain("PARTIAL");

    const rest = await demo.client.callTool(
      { name: "get_attendance", arguments: { ...args, cursor: continuation.cursor } },
      { timeout: DEFAULT_DEADLINE_MS + 10_000 },
    );
    expect(rest.isError).toBeFalsy();
    const complete = rest.structuredContent as unknown as AttendanceOut;
    expect(complete.summaries[0]?.continuation).toBeUndefined();
    expect(new Set(complete.records.map((r) => r.studentId)).size).toBe(pupils.length);
    expect(complete.summaries[0]?.totals.sessions).toBe(pupils.length * 16);
    // Every pupil's registers were asked of HUBmis exactly once across both calls.
    for (const pupil of pupils) {
      expect(
        sandbox.server.stats.byPath.get(`/api/v1/students/${pupil.id}/attendance`),
        `pupil ${pupil.id}`,
      ).toBe(1);
    }
  }, 60_000);

  it("goes on in the background after a partial answer: asked again after the stated wait, it finishes at once, each pupil once", async () => {
    const form = sandbox.data.forms
      .filter((f) => f.code !== "9R")
      .map((f) => ({
        f,
        pupils: sandbox.data.students.filter((s) => s.enrolmentStatus === "current" && s.formId === f.id),
      }))
      .sort((a, b) => b.pupils.length - a.pupils.length)[0];
    expect(form).toBeDefined();
    const pupils = form?.pupils ?? [];
    const args = { connection: "oakfield", groupId: form?.f.code, from: WEDNESDAY, to: WEDNESDAY };
    const first = (await demo.client.callTool(
      { name: "get_attendance", arguments: args },
      {
        timeout: DEFAULT_DEADLINE_MS + 10_000,
      },
    )) as CallToolResult;
    const partial = first.structuredContent as unknown as AttendanceOut;
    const continuation = partial.summaries[0]?.continuation as Continuation;
    expect(continuation).toBeDefined();
    expect(partial.summaries[0]?.notes?.join(" ")).toMatch(
      /fetched in the background within the budget: about \d+ s; ask again with this cursor/,
    );
    const firstIds = partial.records.map((r) => r.studentId);
    expect(new Set(firstIds).size).toBeLessThan(pupils.length);
    // The wait the answer named (real seconds at this time scale), and a little over.
    await new Promise((resolve) => setTimeout(resolve, continuation.estimatedSeconds * 1000 + 2_000));
    // Before the question is asked again, HUBmis has already been asked for every pupil's register.
    const askedMeanwhile = pupils.filter((p) =>
      sandbox.server.stats.byPath.has(`/api/v1/students/${p.id}/attendance`),
    );
    expect(askedMeanwhile.length).toBe(pupils.length);
    const started = Date.now();
    const rest = await demo.client.callTool(
      { name: "get_attendance", arguments: { ...args, cursor: continuation.cursor } },
      { timeout: DEFAULT_DEADLINE_MS + 10_000 },
    );
    // The background did the work: the follow-up waits for no request slot.
    expect(Date.now() - started).toBeLessThan(3_000);
    const complete = rest.structuredContent as unknown as AttendanceOut;
    expect(complete.summaries[0]?.continuation).toBeUndefined();
    // Cumulative answers: the last holds every pupil's two registers once.
    const perPupil = new Map<string, number>();
    for (const r of complete.records) perPupil.set(r.studentId, (perPupil.get(r.studentId) ?? 0) + 1);
    expect(perPupil.size).toBe(pupils.length);
    expect(complete.summaries[0]?.totals.sessions).toBe(pupils.length * 2);
    for (const pupil of pupils) {
      expect(
        sandbox.server.stats.byPath.get(`/api/v1/students/${pupil.id}/attendance`),
        `pupil ${pupil.id}`,
      ).toBe(1);
    }
  }, 90_000);
});
