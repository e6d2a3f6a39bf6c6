/**
 * End to end: a parent's ClassCharts questions, asked through a real MCP client against the demo stack
 * (sandbox, demo config, runtime, tools), answered for each child. Only the ClassCharts server is started,
 * so the test stands on this provider alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  Announcement,
  BehaviourEvent,
  Detention,
  Homework,
  Lesson,
  Student,
} from "../../src/domain/index.js";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { createClock, isoDate } from "../../src/sandbox/common/clock.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { type ProviderDemo, serveProviderDemo } from "./provider-demo.js";

let sandbox: ClassChartsSandbox;
let demo: ProviderDemo;
let children: Student[];
const connection = "classcharts-parent";
const today = isoDate(new Date());
const day = (offset: number) => isoDate(new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000));

/** Tomorrow, or the next school day after it. */
function nextSchoolDay(): string {
  let offset = 1;
  while ([0, 6].includes(new Date(`${day(offset)}T00:00:00Z`).getUTCDay())) offset++;
  return day(offset);
}

beforeAll(async () => {
  sandbox = await startClassChartsSandbox({ seed: DEFAULT_SEED, clock: createClock(1) });
  demo = await serveProviderDemo(sandbox);
  ({ students: children } = await demo.call<{ students: Student[] }>("list_students", { connection }));
});
// beforeAll may have failed before the demo was up.
afterAll(() => demo?.close());

describe("a parent asks about each child", () => {
  it("who are my children, at which schools, with what outstanding?", () => {
    expect(children).toHaveLength(2);
    for (const child of children) {
      expect(child.connection).toBe(connection);
      expect(child.school).toBeTruthy();
      expect(child.counts?.["homework_todo"]).toEqual(expect.any(Number));
    }
  });

  it("what has each of them got tomorrow? (by first name)", async () => {
    const date = nextSchoolDay();
    for (const child of children) {
      const { lessons } = await demo.call<{ lessons: Lesson[] }>("get_timetable", {
        connection,
        studentId: child.firstName,
        date,
      });
      const taught = lessons.filter((l) => !l.isBreak);
      expect(taught).toHaveLength(5);
      expect(taught.every((l) => l.studentId === child.id && l.date === date && l.teacher && l.room)).toBe(
        true,
      );
    }
  });

  it("any homework due this week?", async () => {
    for (const child of children) {
      const { homework } = await demo.call<{ homework: Homework[] }>("list_homework", {
        connection,
        studentId: child.id,
        from: today,
        to: day(7),
      });
      expect(homework.length).toBeGreaterThan(0);
      expect(homework.every((h) => h.dueDate >= today && h.dueDate <= day(7) && h.subject)).toBe(true);
    }
  });

  it("how many behaviour points this term, and for what? any detentions?", async () => {
    for (const child of children) {
      const answer = await demo.call<{
        events: BehaviourEvent[];
        totals: { positive: number; negative: number; byReason: Record<string, { count: number }> }[];
        detentions: Detention[];
      }>("list_behaviour", { connection, studentId: child.id, from: sandbox.data.termStart, to: day(14) });
      const pupil = sandbox.data.pupils.find((p) => String(p.id) === child.id)!;
      expect(answer.events).toHaveLength(pupil.activity.length);
      expect(answer.totals[0]!.positive).toBeGreaterThan(answer.totals[0]!.negative);
      expect(Object.keys(answer.totals[0]!.byReason).length).toBeGreaterThan(3);
      expect(answer.detentions.map((d) => d.attended)).toContain("pending");
    }
  });

  it("attendance: one school shares it, the other's answer is a plain statement, not an error", async () => {
    const [shared, hidden] = children as [Student, Student];
    const ok = await demo.call<{ records: unknown[]; summaries: { totals: { percentage?: number } }[] }>(
      "get_attendance",
      { connection, studentId: shared.id, from: day(-14), to: today },
    );
    expect(ok.records.length).toBeGreaterThan(0);
    expect(ok.summaries[0]!.totals.percentage).toBeGreaterThan(50);
    const refused = await demo.raw("get_attendance", {
      connection,
      studentId: hidden.id,
      from: day(-14),
      to: today,
    });
    expect(refused.isError).toBeFalsy();
    expect(JSON.stringify(refused.structuredContent)).toContain(
      "Attendance is not available for this pupil: their school does not share it with parents",
    );
  });

  it("any announcements from school?", async () => {
    for (const child of children) {
      const { announcements } = await demo.call<{ announcements: Announcement[] }>("list_announcements", {
        connection,
        studentId: child.id,
      });
      expect(announcements.length).toBeGreaterThan(0);
      expect(announcements.every((a) => a.school === child.school)).toBe(true);
    }
  });
});

describe("the pupil's own connection", () => {
  it("answers for the signed-in pupil without an id", async () => {
    const { students } = await demo.call<{ students: Student[] }>("list_students", {
      connection: "classcharts-student",
    });
    expect(students.map((s) => s.id)).toEqual([children[0]!.id]);
    const { homework } = await demo.call<{ homework: Homework[] }>("list_homework", {
      connection: "classcharts-student",
    });
    expect(homework.every((h) => h.studentId === children[0]!.id)).toBe(true);
  });
});
