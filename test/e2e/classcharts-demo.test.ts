/**
 * End to end: a parent's ClassCharts questions, asked through a real MCP client against the demo stack
 * (sandbox, demo config, runtime, tools), answered for each child. Only the ClassCharts server is started,
 * so the test stands on this provider alone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  Announcement,
  AttendanceRecord,
  Badge,
  BehaviourEvent,
  Detention,
  Homework,
  Lesson,
  Student,
} from "../../src/domain/index.js";
import { TIME_ZONE } from "../../src/providers/classcharts/endpoints.js";
import { pointsSoFar } from "../../src/sandbox/classcharts/behaviour.js";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { eventBadges } from "../../src/sandbox/classcharts/views.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { createClock } from "../../src/time/clock.js";
import { addDays, isWeekend, localToday } from "../../src/time/local.js";
import { INSTANTS, pinnedClock } from "../sandbox/classcharts-instants.js";
import { type ProviderDemo, resultText, serveProviderDemo } from "./provider-demo.js";

let sandbox: ClassChartsSandbox;
let demo: ProviderDemo;
let children: Student[];
const connection = "classcharts-parent";
// The wall clock, shared by sandbox and runtime: these questions have answers at any hour.
const clock = createClock(1);
const today = () => localToday(clock, TIME_ZONE);
const day = (offset: number) => addDays(today(), offset);

/** Tomorrow, or the next school day after it. */
function nextSchoolDay(): string {
  let date = day(1);
  while (isWeekend(date)) date = addDays(date, 1);
  return date;
}

type Attendance = { from: string; to: string; records: AttendanceRecord[] };
const registerKey = (r: AttendanceRecord) => (r.session ?? "").split(" ")[0]!.toUpperCase();

beforeAll(async () => {
  sandbox = await startClassChartsSandbox({ seed: DEFAULT_SEED, clock });
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
        from: today(),
        to: day(7),
      });
      expect(homework.length).toBeGreaterThan(0);
      expect(homework.every((h) => h.dueDate >= today() && h.dueDate <= day(7) && h.subject)).toBe(true);
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
      const given = pupil.activity.filter((p) => Date.parse(p.timestamp) <= clock.now());
      expect(answer.events).toHaveLength(given.length);
      expect(answer.totals[0]!.positive).toBeGreaterThan(answer.totals[0]!.negative);
      expect(Object.keys(answer.totals[0]!.byReason).length).toBeGreaterThan(3);
      expect(answer.detentions.map((d) => d.attended)).toContain("pending");
    }
  });

  it("what badges has Mia earned this term?", async () => {
    const mia = children.find((c) => c.displayName.startsWith("Mia"));
    expect(mia).toBeDefined();
    const answer = await demo.call<{ badges: Badge[] }>("list_behaviour", {
      connection,
      studentId: "Mia",
      from: sandbox.data.termStart,
      to: today(),
    });
    const pupil = sandbox.data.pupils.find((p) => String(p.id) === mia?.id);
    const expected = eventBadges(
      pointsSoFar(pupil?.activity ?? [], { now: clock.now(), today: today() } as never),
    )
      .map((b) => `${b["name"]} ${String(b["created_date"]).slice(0, 10)}`)
      .filter((b) => b.slice(-10) >= sandbox.data.termStart)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(answer.badges.map((b) => `${b.name} ${b.date}`).sort()).toEqual(expected);
    for (const badge of answer.badges) expect(badge).toMatchObject({ studentId: mia?.id, connection });
    const text = resultText(
      await demo.raw("list_behaviour", {
        connection,
        studentId: "Mia",
        from: sandbox.data.termStart,
        to: today(),
      }),
    );
    expect(text).toContain(`Badge ${answer.badges[0]?.date}`);
  });

  it("attendance: one school shares it, the other's answer is a plain statement, not an error", async () => {
    const [shared, hidden] = children as [Student, Student];
    const ok = await demo.call<{ records: unknown[]; summaries: { totals: { percentage?: number } }[] }>(
      "get_attendance",
      { connection, studentId: shared.id, from: day(-14), to: today() },
    );
    expect(ok.records.length).toBeGreaterThan(0);
    expect(ok.summaries[0]!.totals.percentage).toBeGreaterThan(50);
    const refused = await demo.raw("get_attendance", {
      connection,
      studentId: hidden.id,
      from: day(-14),
      to: today(),
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

describe("what the model reads", () => {
  it("every line of a two-child answer names the child it is for", async () => {
    const names = children.map((c) => c.displayName);
    const lines = async (name: string, args: Record<string, unknown>) => {
      const result = await demo.raw(name, { connection, ...args });
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      return text.split("\n").filter((line) => line.startsWith("- "));
    };
    const answers = [
      await lines("get_timetable", { date: nextSchoolDay() }),
      await lines("list_homework", { from: today(), to: day(7) }),
      await lines("list_behaviour", { from: day(-7), to: today() }),
    ];
    for (const list of answers) {
      expect(list.length).toBeGreaterThan(0);
      for (const line of list)
        expect(
          names.filter((n) => line.includes(n)),
          line,
        ).toHaveLength(1);
      for (const name of names) expect(list.some((line) => line.includes(name))).toBe(true);
    }
  });
});

describe("against sandboxes that read the documents otherwise", () => {
  /** A Monday mid-morning in London, shared by sandbox and runtime, so both runs see the same day. */
  const MONDAY = "2026-12-07T10:30:00Z";

  async function parentAnswers(variant: "default" | "filters-ignored" | "stand-in") {
    const pinned = await startClassChartsSandbox({ seed: DEFAULT_SEED, clock: pinnedClock(MONDAY), variant });
    const other = await serveProviderDemo(pinned);
    try {
      const { students } = await other.call<{ students: Student[] }>("list_students", { connection });
      const first = students[0]!.id;
      return {
        students,
        timetable: await other.call("get_timetable", { connection, date: "2026-12-07" }),
        lastFourDays: await other.call("get_attendance", {
          connection,
          studentId: first,
          from: "2026-12-03",
          to: "2026-12-07",
        }),
        homework: await other.call("list_homework", { connection, from: "2026-12-07", to: "2026-12-14" }),
        behaviour: await other.call("list_behaviour", { connection, from: "2026-11-23", to: "2026-12-07" }),
      };
    } finally {
      await other.close();
    }
  }

  it("documented filters read literally, and every open field read otherwise, give the default's answers", async () => {
    const expected = await parentAnswers("default");
    expect(await parentAnswers("filters-ignored")).toEqual(expected);
    // The stand-in also sends null for optional fields: what it leaves out is absent, the rest the same.
    expect(await parentAnswers("stand-in")).toEqual(withoutNulled(expected as Record<string, unknown>));
  });
});

/** The default's answers without the optional fields the nulls reading sends as null. */
function withoutNulled(answers: Record<string, unknown>): unknown {
  const drop = (items: unknown, keys: string[]) =>
    (items as Record<string, unknown>[]).map((item) =>
      Object.fromEntries(Object.entries(item).filter(([key]) => !keys.includes(key))),
    );
  const students = (answers["students"] as Student[]).map(({ counts, ...s }) => {
    const { messages: _messages, ...kept } = counts ?? {};
    return { ...s, counts: kept };
  });
  const homework = answers["homework"] as { homework: unknown };
  const behaviour = answers["behaviour"] as { events: unknown };
  return {
    ...answers,
    students,
    homework: { ...homework, homework: drop(homework.homework, ["description", "estimatedMinutes"]) },
    behaviour: { ...behaviour, events: drop(behaviour.events, ["note"]) },
  };
}

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

describe.each(INSTANTS)("asked at $label ($at)", (instant) => {
  const now = Date.parse(instant.at);
  const schoolDay = !isWeekend(instant.today);
  let at: ProviderDemo;
  let pupils: Student[];

  beforeAll(async () => {
    const pinned = await startClassChartsSandbox({ seed: DEFAULT_SEED, clock: pinnedClock(instant.at) });
    at = await serveProviderDemo(pinned);
    ({ students: pupils } = await at.call<{ students: Student[] }>("list_students", { connection }));
  });
  afterAll(() => at?.close());

  it("attendance today: the London day, with only the registers taken so far", async () => {
    const answer = await at.call<Attendance>("get_attendance", { connection, studentId: pupils[0]!.id });
    expect([answer.from, answer.to]).toEqual([instant.today, instant.today]);
    expect(answer.records.every((r) => r.date === instant.today)).toBe(true);
    expect(answer.records.map(registerKey).sort()).toEqual(instant.marks);
  });

  it("today's timetable: the London day's lessons, none at a weekend", async () => {
    for (const child of pupils) {
      const { from, lessons } = await at.call<{ from: string; lessons: Lesson[] }>("get_timetable", {
        connection,
        studentId: child.firstName,
      });
      expect(from).toBe(instant.today);
      expect(lessons).toHaveLength(schoolDay ? 7 : 0);
      expect(lessons.every((l) => l.date === instant.today)).toBe(true);
    }
  });

  it("homework from today and behaviour around it: due dates ahead, no point after now, detentions pending", async () => {
    for (const child of pupils) {
      const { homework } = await at.call<{ homework: Homework[] }>("list_homework", {
        connection,
        studentId: child.id,
      });
      expect(homework.length).toBeGreaterThan(0);
      expect(homework.every((h) => h.dueDate >= instant.today && h.issueDate <= instant.today)).toBe(true);
      const behaviour = await at.call<{ events: BehaviourEvent[]; detentions: Detention[] }>(
        "list_behaviour",
        {
          connection,
          studentId: child.id,
        },
      );
      expect(behaviour.events.length).toBeGreaterThan(0);
      expect(behaviour.events.every((e) => Date.parse(e.timestamp) <= now)).toBe(true);
      expect(behaviour.detentions.filter((d) => d.attended === "pending")).toHaveLength(2);
    }
  });
});

describe("midnight in summer", () => {
  it("today turns over at London midnight, an hour before the UTC date does", async () => {
    // 23:59:56 BST: four seconds at the real pace before the London day changes, while UTC reads 22:59:56.
    const crossing = createClock(1, "2026-06-30T22:59:56Z");
    const midnight = Date.parse("2026-06-30T23:00:00Z");
    const live = await serveProviderDemo(
      await startClassChartsSandbox({ seed: DEFAULT_SEED, clock: crossing }),
    );
    try {
      const { students } = await live.call<{ students: Student[] }>("list_students", { connection });
      const ask = () => live.call<Attendance>("get_attendance", { connection, studentId: students[0]!.id });
      const before = await ask();
      expect(crossing.now()).toBeLessThan(midnight);
      expect(before.from).toBe("2026-06-30");
      expect(before.records.map(registerKey).sort()).toEqual(["AM", "P1", "P2", "P3", "P4", "P5", "PM"]);

      await new Promise((resolve) => setTimeout(resolve, crossing.toRealMs(midnight - crossing.now()) + 250));
      const after = await ask();
      expect(new Date(crossing.now()).toISOString().slice(0, 10)).toBe("2026-06-30");
      expect(after.from).toBe("2026-07-01");
      expect(after.records).toEqual([]);
    } finally {
      await live.close();
    }
  });
});
