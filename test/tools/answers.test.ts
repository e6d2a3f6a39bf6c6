import { describe, expect, it } from "vitest";
import type { Runtime } from "../../src/server/runtime.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";
import { callThrough } from "./harness.js";

async function call(runtime: Runtime, name: string, args: Record<string, unknown>) {
  try {
    return await callThrough(runtime, name, args);
  } finally {
    await runtime.close();
  }
}

const student = (i: number) => ({
  id: String(i),
  firstName: `First${i}`,
  lastName: `Last${i}`,
  displayName: `First${i} Last${i}`,
});

describe("answers say what they lack", () => {
  it("names unreadable records per connection, in the structure and in words", async () => {
    const a = createTestConnector("a");
    a.listWellbeingEvents = async (_query, ctx) => {
      ctx.report?.unreadable("wellbeing records", 3);
      return { items: [] };
    };
    const b = createTestConnector("b");
    const { structured, text } = await call(
      testRuntime([{ connector: a }, { connector: b }]),
      "list_wellbeing_events",
      {},
    );
    expect(structured["unreadable"]).toEqual([{ connection: "a", what: "wellbeing records", count: 3 }]);
    expect(text).toMatch(
      /Unreadable \(a\): 3 wellbeing records could not be read, so this answer is partial/,
    );
  });

  it("states in words what a provider sent outside the question", async () => {
    const a = createTestConnector("a");
    a.getAttendance = async (query, ctx) => {
      ctx.report?.filteredOut("visits", 230);
      return { records: [], totals: { sessions: 0, present: 0, late: 0, absent: 0 }, ...query };
    };
    const { structured, text } = await call(testRuntime([{ connector: a }]), "get_attendance", {
      studentId: "1",
    });
    expect(structured["notes"]).toEqual([
      { connection: "a", message: "230 visits outside the question were left out." },
    ]);
    expect(text).toMatch(/Note \(a\): 230 visits outside the question were left out\./);
  });

  it("keeps each connection's total and cursor when lists merge", async () => {
    const big = createTestConnector("big");
    big.listStudents = async () => ({ items: [1, 2, 3].map(student), total: 600, nextCursor: "c-3" });
    const small = createTestConnector("small");
    const { structured, text } = await call(
      testRuntime([{ connector: big }, { connector: small }]),
      "list_students",
      {},
    );
    expect(structured["pages"]).toEqual([
      { connection: "big", returned: 3, total: 600, nextCursor: "c-3" },
      { connection: "small", returned: 2 },
    ]);
    expect(structured["nextCursor"]).toBeUndefined();
    expect(text).toMatch(/More \(big\): 3 of 600 shown; call again with connection "big" and cursor "c-3"/);
  });

  it("carries every record in the text, not the first sixty", async () => {
    const a = createTestConnector("a");
    a.listStudents = async () => ({ items: Array.from({ length: 150 }, (_, i) => student(i)) });
    const { text } = await call(testRuntime([{ connector: a }]), "list_students", {});
    expect(text).toContain("First149 Last149");
    expect(text).not.toMatch(/see structured content/);
  });

  it("says whose record each lesson is when a parent has two children", async () => {
    const a = createTestConnector("a");
    a.getTimetable = async (query) => [
      {
        date: query.from,
        start: "09:00",
        end: "10:00",
        subject: "Maths",
        studentId: "1",
        studentName: "Mia",
      },
      { date: query.from, start: "09:00", end: "10:00", subject: "Art", studentId: "2" },
    ];
    const { text } = await call(testRuntime([{ connector: a }]), "get_timetable", { date: "2026-12-07" });
    expect(text).toMatch(/09:00-10:00 · Mia · Maths/);
    expect(text).toMatch(/09:00-10:00 · student 2 · Art/);
  });
});
