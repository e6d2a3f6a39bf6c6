import { describe, expect, it } from "vitest";
import {
  buildCalendar,
  easterSunday,
  isSchoolDay,
  type SchoolCalendar,
  timetableWeek,
} from "../../src/sandbox/hubmis/calendar.js";
import { AHEAD_DAYS, generateHubmisData } from "../../src/sandbox/hubmis/data.js";
import { ATTENDANCE_CODES } from "../../src/sandbox/hubmis/reference.js";
import { addDays, eachDay, isWeekend, mondayOf } from "../../src/time/local.js";
import { WEDNESDAY } from "./hubmis-http.js";

const data = generateHubmisData({ seed: 20260901, today: WEDNESDAY });
const current = data.students.filter((s) => s.enrolmentStatus === "current");
const codeOf = (id: number) => ATTENDANCE_CODES.find((c) => c.id === id);

describe("HUBmis sandbox data", () => {
  it("is byte-identical for the same seed and day, and different for another seed", () => {
    const first = JSON.stringify(generateHubmisData({ seed: 42, today: WEDNESDAY }));
    const second = JSON.stringify(generateHubmisData({ seed: 42, today: WEDNESDAY }));
    const other = JSON.stringify(generateHubmisData({ seed: 43, today: WEDNESDAY }));
    expect(first.length).toBeGreaterThan(1_000_000);
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it("has Oakfield's shape: ~600 pupils in Years 7–13, ~60 staff with Mr Patel, 9R, four houses", () => {
    expect(current.length).toBe(600);
    expect(data.staff.length).toBeGreaterThanOrEqual(55);
    expect(data.staff.length).toBeLessThanOrEqual(65);
    expect(data.yearGroups.map((y) => y.name)).toEqual([7, 8, 9, 10, 11, 12, 13].map((n) => `Year ${n}`));
    expect(data.forms.map((f) => f.code)).toEqual(expect.arrayContaining(["7A", "7E", "9R", "13C"]));
    expect(data.houses.map((h) => h.name)).toEqual([
      "Green House",
      "Red House",
      "Blue House",
      "Yellow House",
    ]);
    const patel = data.staff.filter((s) => s.title === "Mr" && s.lastName === "Patel");
    expect(patel).toHaveLength(1);
    expect(patel[0]?.subjectIds.length).toBeGreaterThan(0);
    // Staff surnames are unique so "Mr X" names one person.
    expect(new Set(data.staff.map((s) => s.lastName)).size).toBe(data.staff.length);
    for (const s of current) {
      expect(s.formId).not.toBeNull();
      expect(s.houseId).not.toBeNull();
      expect(s.tutorGroupId).not.toBeNull();
    }
  });

  it("has registers for every school day of the year so far and the next few, and for no other day", () => {
    const today = WEDNESDAY;
    expect(data.school.today).toBe(today);
    expect(isSchoolDay(data.calendar, today)).toBe(true);
    const term = data.calendar.terms.find((t) => t.id === data.calendar.currentTermId);
    expect(term).toMatchObject({ name: "Autumn Term", startDate: "2026-09-03", endDate: "2026-12-18" });
    const days = new Map<string, number>();
    for (const m of data.attendance) days.set(m.date, (days.get(m.date) ?? 0) + 1);
    const expected = eachDay("2026-09-01", addDays(today, AHEAD_DAYS)).filter((d) =>
      isSchoolDay(data.calendar, d),
    );
    expect([...days.keys()].sort()).toEqual(expected);
    // The year starts on Thursday 3 September with a staff training day: pupils are in from the Friday.
    expect(expected[0]).toBe("2026-09-04");
    for (const count of days.values()) expect(count).toBe(current.length * 2);
    // Half-term: no registers.
    expect(days.has("2026-10-28")).toBe(false);
  });

  it("is built for a day in the Christmas holiday as well as for a term day", () => {
    const holiday = generateHubmisData({ seed: 1, today: "2026-12-28" });
    expect(holiday.school.today).toBe("2026-12-28");
    expect(holiday.calendar.currentTermId).toBeUndefined();
    const christmas = holiday.calendar.holidays.find(
      (h) => h.name === "Christmas holiday" && h.academicYearId === 12,
    );
    expect(christmas).toMatchObject({ startDate: "2026-12-19", endDate: "2027-01-03" });
    const dates = [...new Set(holiday.attendance.map((m) => m.date))].sort();
    expect(dates.at(-1)).toBe("2026-12-18");
    expect(dates.some((d) => d >= "2026-12-19" && d <= "2027-01-03")).toBe(false);
    // Wellbeing records are dated on school days, so the holiday's latest fall on the last day of term.
    for (const p of holiday.pastoral) {
      const day = p.dateTime.slice(0, 10);
      expect(isSchoolDay(holiday.calendar, day), p.dateTime).toBe(true);
    }
  });

  it("dates wellbeing records in school hours, London time, and serves them as UTC instants", () => {
    const summer = generateHubmisData({ seed: 1, today: "2026-07-01" });
    for (const p of summer.pastoral) {
      expect(p.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
      const london = new Date(p.dateTime).toLocaleTimeString("en-GB", { timeZone: "Europe/London" });
      expect(london >= "08:00:00" && london <= "16:55:00", p.dateTime).toBe(true);
    }
  });

  it("uses realistic DfE codes, mostly present, with persistent absentees below 90%", () => {
    const used = new Set(data.attendance.map((m) => codeOf(m.codeId)?.code));
    for (const code of ["/", "\\", "L", "I", "M", "O", "N", "V"]) expect(used).toContain(code);
    const present = data.attendance.filter((m) => codeOf(m.codeId)?.statisticalCategory === "present").length;
    expect(present / data.attendance.length).toBeGreaterThan(0.93);
    const rates = current.map((s) => {
      const marks = data.attendance.filter((m) => m.studentId === s.id);
      const attended = marks.filter((m) => {
        const category = codeOf(m.codeId)?.statisticalCategory;
        return category === "present" || category === "approved_educational_activity";
      }).length;
      return attended / marks.length;
    });
    const persistent = rates.filter((r) => r < 0.9).length;
    expect(persistent).toBeGreaterThanOrEqual(data.forms.length / 2);
    expect(persistent).toBeLessThan(current.length * 0.1);
    // "No reason yet" only survives for the last few days up to today (and the days ahead, not yet shown).
    const nId = ATTENDANCE_CODES.find((c) => c.code === "N")?.id;
    const soFar = [...new Set(data.attendance.map((m) => m.date))].filter((d) => d <= WEDNESDAY).sort();
    const recent = soFar.slice(-3);
    for (const m of data.attendance.filter((x) => x.codeId === nId)) {
      expect(recent.includes(m.date) || m.date > WEDNESDAY, m.date).toBe(true);
    }
  });

  it("builds a clash-free two-week timetable with Mr Patel teaching period 4 every day", () => {
    const seen = new Set<string>();
    for (const slot of data.timetable) {
      if (slot.staffId === null) continue;
      const key = `${slot.staffId}:${slot.week}:${slot.day}:${slot.periodId}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    for (const form of data.forms)
      expect(data.timetable.filter((s) => s.formId === form.id)).toHaveLength(60);
    const patel = data.staff.find((s) => s.lastName === "Patel");
    const p4 = data.timetable.filter((s) => s.staffId === patel?.id && s.periodId === 704);
    expect(new Set(p4.map((s) => `${s.week}${s.day}`)).size).toBe(10);
    expect(timetableWeek(data.calendar, WEDNESDAY)).toMatch(/^[AB]$/);
    // Weeks alternate from the week the term starts in.
    expect(timetableWeek(data.calendar, "2026-09-04")).toBe("A");
    expect(timetableWeek(data.calendar, "2026-09-07")).toBe("B");
  });

  it("holds open, high-severity Year 9 wellbeing concerns from the last school days, and closed ones for leavers", () => {
    const year9 = data.yearGroups.find((y) => y.year === 9);
    const weekAgo = addDays(WEDNESDAY, -7);
    const open = data.pastoral.filter((p) => {
      const student = data.students.find((s) => s.id === p.studentId);
      return (
        student?.yearGroupId === year9?.id &&
        p.status === "active" &&
        p.severityId >= 73 &&
        p.dateTime >= weekAgo &&
        // Before today, so they are there at any hour of it.
        p.dateTime < WEDNESDAY
      );
    });
    expect(open.length).toBeGreaterThanOrEqual(3);
    expect(new Set(data.pastoral.map((p) => p.type))).toEqual(new Set(["wellbeing_event", "wellbeing_plan"]));
    const leavers = new Set(data.students.filter((s) => s.enrolmentStatus === "past").map((s) => s.id));
    expect(data.pastoral.some((p) => leavers.has(p.studentId))).toBe(true);
    for (const p of data.pastoral) expect(p.assignedStaffIds.length).toBeGreaterThan(0);
  });

  it("keeps sensitive detail for some pupils only, with fictional doctors", () => {
    const medical = current.filter((s) => s.medical.length > 0).length;
    const support = current.filter((s) => s.learningSupport !== null).length;
    expect(medical).toBeGreaterThan(30);
    expect(medical).toBeLessThan(150);
    expect(support).toBeGreaterThan(40);
    expect(support).toBeLessThan(180);
    for (const s of current) expect(s.doctor.phone).toMatch(/^01632 960\d{3}$/);
  });
});

/** Whether a day lies in a dated item of the calendar, by name. */
function named(calendar: SchoolCalendar, date: string): string[] {
  return [...calendar.terms, ...calendar.holidays, ...calendar.insetDays, ...calendar.closureDates]
    .filter((item) => item.startDate <= date && date <= item.endDate)
    .map((item) => item.name);
}

describe("HUBmis sandbox calendar: an English independent school's year, from real dates", () => {
  const calendar = buildCalendar("2026-12-07");
  const year = (id: number) => ({
    terms: calendar.terms.filter((t) => t.academicYearId === id).map((t) => [t.name, t.startDate, t.endDate]),
    holidays: calendar.holidays
      .filter((t) => t.academicYearId === id)
      .map((t) => [t.name, t.startDate, t.endDate]),
    inset: calendar.insetDays.filter((t) => t.academicYearId === id).map((t) => t.startDate),
    closures: calendar.closureDates.filter((t) => t.academicYearId === id).map((t) => [t.name, t.startDate]),
  });

  it("computes Easter Sunday", () => {
    expect(["2025", "2026", "2027", "2028", "2038", "2285"].map((y) => easterSunday(Number(y)))).toEqual([
      "2025-04-20",
      "2026-04-05",
      "2027-03-28",
      "2028-04-16",
      "2038-04-25",
      "2285-03-22",
    ]);
  });

  it("lays out 2026/27 by the rules, as the current year on 7 December 2026", () => {
    expect(calendar.academicYears).toEqual([
      { id: 11, name: "2025/26", startDate: "2025-09-01", endDate: "2026-08-31", current: false },
      { id: 12, name: "2026/27", startDate: "2026-09-01", endDate: "2027-08-31", current: true },
    ]);
    expect(year(12)).toEqual({
      terms: [
        ["Autumn Term", "2026-09-03", "2026-12-18"],
        ["Spring Term", "2027-01-04", "2027-03-19"],
        ["Summer Term", "2027-04-05", "2027-07-09"],
      ],
      holidays: [
        ["Autumn half-term", "2026-10-26", "2026-10-30"],
        ["Christmas holiday", "2026-12-19", "2027-01-03"],
        ["Spring half-term", "2027-02-15", "2027-02-19"],
        ["Easter holiday", "2027-03-20", "2027-04-04"],
        ["Summer half-term", "2027-05-31", "2027-06-04"],
        ["Summer holiday", "2027-07-10", "2027-08-31"],
      ],
      inset: ["2026-09-03", "2027-01-04", "2027-04-05"],
      closures: [
        ["Early May bank holiday", "2027-05-03"],
        ["Polling station closure", "2027-05-06"],
      ],
    });
    // A late Easter: 2025/26's Easter holiday holds Easter on 5 April 2026.
    expect(year(11).holidays).toContainEqual(["Easter holiday", "2026-03-28", "2026-04-12"]);
    expect(year(11).terms).toContainEqual(["Summer Term", "2026-04-13", "2026-07-10"]);
  });

  it("accounts for every day of the year: a school day, a weekend, or a named term break, holiday or closure", () => {
    for (const id of [11, 12]) {
      const { startDate, endDate } = calendar.academicYears.find((y) => y.id === id)!;
      const firstTerm = calendar.terms.find((t) => t.academicYearId === id)!.startDate;
      for (const day of eachDay(startDate, endDate)) {
        const names = named(calendar, day);
        if (isSchoolDay(calendar, day)) {
          expect(names, day).toHaveLength(1);
          expect(names[0], day).toMatch(/Term$/);
        } else if (!isWeekend(day) && day >= firstTerm) {
          // A weekday without pupils is in a holiday, or an inset or closure day: the data names it.
          expect(
            names.some((n) => !n.endsWith("Term")),
            `${day}: ${names.join(", ")}`,
          ).toBe(true);
        }
      }
    }
  });

  it("picks the current academic year from 1 September, and no current term in a holiday", () => {
    expect(buildCalendar("2026-08-31").academicYears.find((y) => y.current)?.name).toBe("2025/26");
    expect(buildCalendar("2026-09-01").academicYears.find((y) => y.current)?.name).toBe("2026/27");
    expect(buildCalendar("2026-08-15").currentTermId).toBeUndefined();
    expect(buildCalendar("2026-07-01").currentTermId).toBe(123);
    expect(buildCalendar("2026-12-28").currentTermId).toBeUndefined();
    expect(isSchoolDay(calendar, mondayOf("2026-12-07"))).toBe(true);
  });
});
