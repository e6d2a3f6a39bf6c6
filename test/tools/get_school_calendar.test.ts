import { describe, expect, it } from "vitest";
import { createClock } from "../../src/time/clock.js";
import { callRecords, expectCleanError, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("get_school_calendar", () => {
  sharedChecks("get_school_calendar", { date: "2026-12-10" }, { date: "10/12/2026" }, /date/);
  fanOutChecks("get_school_calendar", { date: "2026-12-10" }, "days");

  it("says open or closed for each day with the reason, and lists the calendar", async () => {
    const { structured, text } = await callRecords("get_school_calendar", {
      from: "2026-12-09",
      to: "2026-12-19",
    });
    expectOutputMatches("get_school_calendar", structured);
    expect(structured).toMatchObject({ from: "2026-12-09", to: "2026-12-19" });
    expect(structured["days"]).toHaveLength(11);
    expect(text).toMatch(/\nSchool open or closed, 2026-12-09 to 2026-12-19\n/);
    expect(text).toMatch(
      /- 2026-12-09: open · a Wednesday in Autumn term \(2026-09-03 to 2026-12-18\) · a\n/,
    );
    expect(text).toMatch(/- 2026-12-10: closed · closure date: Boiler repair \(2026-12-10 to 2026-12-10\)/);
    expect(text).toMatch(/- 2026-12-12: closed · Saturday in Autumn term/);
    expect(text).toMatch(/- 2026-12-18: open · a Friday in Autumn term/);
    expect(text).toMatch(/- 2026-12-19: closed · holiday: Christmas holiday \(2026-12-19 to 2027-01-04\)/);
    expect(text).toMatch(
      /Calendar \(a\): terms: Autumn term 2026-09-03 to 2026-12-18, Spring term 2027-01-05 to 2027-03-26; holidays: Christmas holiday 2026-12-19 to 2027-01-04; inset days: 2026-11-27; closures: Boiler repair 2026-12-10/,
    );
  });

  it("names an unnamed inset day as staff training", async () => {
    const { text } = await callRecords("get_school_calendar", { date: "2026-11-27" });
    expect(text).toMatch(/- 2026-11-27: closed · inset day: staff training, no pupils/);
  });

  it("says not known, never guessed, past the published calendar", async () => {
    const { structured, text } = await callRecords("get_school_calendar", { date: "2027-04-14" });
    expect(structured["days"]).toEqual([expect.objectContaining({ date: "2027-04-14", open: null })]);
    expect(text).toMatch(
      /- 2027-04-14: not known · not known: the calendar the school publishes runs 2026-09-03 to 2027-03-26/,
    );
  });

  it("answers for the provider's today, not the machine's UTC date", async () => {
    // 23:30 UTC on Sunday 6 September is 00:30 BST on Monday 7 September, a school day.
    const { structured, text } = await callRecords(
      "get_school_calendar",
      {},
      { clock: createClock(1, "2026-09-06T23:30:00Z") },
    );
    expect(structured).toMatchObject({ from: "2026-09-07", to: "2026-09-07" });
    expect(text).toMatch(/- 2026-09-07: open · a Monday in Autumn term/);
  });

  it("refuses a range over 62 days with the limit, asking nothing", async () => {
    const { result, text, connectors } = await callRecords("get_school_calendar", {
      from: "2026-09-01",
      to: "2026-12-31",
    });
    expectCleanError(result, text, /at most 62 days at a time \(122 asked\)/);
    expect(connectors[0]?.calls.filter((c) => c.method !== "check")).toEqual([]);
  });

  it("refuses a day given together with a range", async () => {
    const { result, text } = await callRecords("get_school_calendar", {
      date: "2026-12-10",
      from: "2026-12-01",
    });
    expectCleanError(result, text, /either date, or from and to/);
  });
});
