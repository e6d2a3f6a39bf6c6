import { describe, expect, it } from "vitest";
import { type SchoolCalendar, schoolDay } from "../../src/domain/calendar.js";

const calendar: SchoolCalendar = {
  connection: "school",
  terms: [
    { name: "Autumn Term", from: "2026-09-03", to: "2026-12-18" },
    { name: "Spring Term", from: "2027-01-04", to: "2027-03-19" },
  ],
  holidays: [
    { name: "Autumn half-term", from: "2026-10-26", to: "2026-10-30" },
    { from: "2026-12-19", to: "2027-01-03" },
  ],
  insetDays: [{ from: "2026-09-03", to: "2026-09-03" }],
  closures: [{ name: "Polling day", from: "2026-11-05", to: "2026-11-05" }],
};

describe("schoolDay", () => {
  it("reads a term weekday as open and names the term", () => {
    expect(schoolDay(calendar, "2026-12-18")).toEqual({
      connection: "school",
      date: "2026-12-18",
      open: true,
      reason: "a Friday in Autumn Term (2026-09-03 to 2026-12-18)",
    });
  });

  it("gives the reason a day is closed: holiday, inset day, closure, weekend, between terms", () => {
    expect(schoolDay(calendar, "2026-10-28").reason).toMatch(/^holiday: Autumn half-term/);
    expect(schoolDay(calendar, "2026-12-25")).toMatchObject({
      open: false,
      reason: "holiday: school holiday",
    });
    expect(schoolDay(calendar, "2026-09-03").reason).toMatch(/^inset day/);
    expect(schoolDay(calendar, "2026-11-05").reason).toMatch(/^closure date: Polling day/);
    expect(schoolDay(calendar, "2026-11-07")).toMatchObject({
      open: false,
      reason: expect.stringMatching(/^Saturday in Autumn/),
    });
    const gap = { ...calendar, holidays: calendar.holidays.slice(0, 1) };
    expect(schoolDay(gap, "2026-12-22")).toMatchObject({ open: false, reason: "outside every term" });
  });

  it("does not guess beyond the published calendar", () => {
    expect(schoolDay(calendar, "2027-06-01")).toMatchObject({
      open: null,
      reason: expect.stringMatching(/^not known/),
    });
    expect(schoolDay({ terms: [], holidays: [], insetDays: [], closures: [] }, "2026-12-18").open).toBeNull();
  });
});
