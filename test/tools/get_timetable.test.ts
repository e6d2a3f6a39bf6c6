import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("get_timetable", () => {
  sharedChecks("get_timetable", {}, { date: "2026-13-01" }, /date/);
  fanOutChecks("get_timetable", { date: "2026-12-07" }, "lessons");

  it("lists lessons in time order with period, teacher and room, leaving out breaks", async () => {
    const { structured, text } = await callRecords("get_timetable", { date: "2026-12-07" });
    expectOutputMatches("get_timetable", structured);
    const lessons = structured["lessons"] as { start: string }[];
    expect(lessons.map((l) => l.start)).toEqual(["09:00", "10:15"]);
    expect(text).toMatch(/- 2026-12-07 09:00-10:00 · P1 · Maths · Mr Hart · R4/);
    expect(text).not.toMatch(/Break/);
  });
});
