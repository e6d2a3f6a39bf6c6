import { describe, expect, it } from "vitest";
import { createClock } from "../../src/time/clock.js";
import {
  addDays,
  eachDay,
  endOfLocalDay,
  isWeekend,
  localDate,
  localIso,
  localToday,
  mondayOf,
  startOfLocalDay,
  zonedEpoch,
} from "../../src/time/local.js";

const LONDON = "Europe/London";

describe("provider-local time", () => {
  it("at 00:30 BST the local day is already the next UTC date", () => {
    const instant = Date.parse("2026-06-30T23:30:00Z");
    expect(localDate(instant, LONDON)).toBe("2026-07-01");
    expect(localIso(instant, LONDON)).toBe("2026-07-01T00:30:00+01:00");
  });

  it("in winter London is UTC", () => {
    const instant = Date.parse("2026-12-02T23:58:30Z");
    expect(localDate(instant, LONDON)).toBe("2026-12-02");
    expect(localIso(instant, LONDON)).toBe("2026-12-02T23:58:30+00:00");
  });

  it("turns a local wall-clock time into the instant, either side of the clock change", () => {
    expect(new Date(zonedEpoch("2026-07-01", "08:05", LONDON)).toISOString()).toBe(
      "2026-07-01T07:05:00.000Z",
    );
    expect(new Date(zonedEpoch("2026-12-01", "08:05", LONDON)).toISOString()).toBe(
      "2026-12-01T08:05:00.000Z",
    );
    // 01:30 on 25 October 2026 happens twice; the first (BST) one is meant.
    expect(new Date(zonedEpoch("2026-10-25", "01:30", LONDON)).toISOString()).toBe(
      "2026-10-25T00:30:00.000Z",
    );
    // 01:30 on 29 March 2026 never happens; clocks read 02:30 BST then.
    expect(new Date(zonedEpoch("2026-03-29", "01:30", LONDON)).toISOString()).toBe(
      "2026-03-29T01:30:00.000Z",
    );
  });

  it("gives a day's ends with the offset that holds on that day", () => {
    expect(startOfLocalDay("2026-07-01", LONDON)).toBe("2026-07-01T00:00:00+01:00");
    expect(endOfLocalDay("2026-07-01", LONDON)).toBe("2026-07-01T23:59:59+01:00");
    expect(endOfLocalDay("2026-10-25", LONDON)).toBe("2026-10-25T23:59:59+00:00");
    expect(startOfLocalDay("2026-10-25", LONDON)).toBe("2026-10-25T00:00:00+01:00");
  });

  it("does date arithmetic on calendar dates", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(mondayOf("2026-12-06")).toBe("2026-11-30");
    expect(isWeekend("2026-12-05")).toBe(true);
    expect(isWeekend("2026-12-07")).toBe(false);
  });

  it("walks a range of days, and refuses an unbounded one instead of looping", () => {
    expect(eachDay("2026-12-30", "2027-01-02")).toEqual([
      "2026-12-30",
      "2026-12-31",
      "2027-01-01",
      "2027-01-02",
    ]);
    expect(() => eachDay("2026-01-01", "9999-12-31")).toThrow(/refusing to walk/);
  });

  it("a pinned clock starts at its instant and runs on", async () => {
    const clock = createClock(60, "2026-12-02T23:59:59Z");
    expect(localToday(clock, LONDON)).toBe("2026-12-02");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(localToday(clock, LONDON)).toBe("2026-12-03");
  });
});
