import { describe, expect, it } from "vitest";
import { type AttendanceRecord, attendanceTotals } from "../../src/domain/attendance.js";

const mark = (
  status: AttendanceRecord["status"],
  extra: Partial<AttendanceRecord> = {},
): AttendanceRecord => ({
  studentId: "1",
  date: "2026-12-02",
  status,
  ...extra,
});

describe("attendance totals, one meaning for every provider", () => {
  it("counts late as attended, excused as an authorised absence, and leaves unknown marks out", () => {
    const totals = attendanceTotals([
      mark("present"),
      mark("late"),
      mark("present", { lateMinutes: 5 }),
      mark("excused"),
      mark("absent_authorised"),
      mark("absent_unauthorised"),
      mark("absent"),
      mark("not_required"),
      mark("unknown"),
    ]);
    expect(totals).toEqual({
      sessions: 7,
      present: 3,
      late: 2,
      absent: 4,
      authorisedAbsent: 2,
      unauthorisedAbsent: 1,
      percentage: 42.9,
    });
  });

  it("gives a nursery day its own counts: in, collected, not arrived", () => {
    expect(attendanceTotals([mark("checked_in"), mark("checked_out"), mark("not_arrived")])).toEqual({
      sessions: 3,
      present: 2,
      late: 0,
      absent: 1,
      checkedIn: 1,
      checkedOut: 1,
      notArrived: 1,
    });
  });

  it("has no percentage over no sessions", () => {
    expect(attendanceTotals([mark("unknown")])).toEqual({
      sessions: 0,
      present: 0,
      late: 0,
      absent: 0,
      authorisedAbsent: 0,
      unauthorisedAbsent: 0,
    });
  });
});
