import { describe, expect, it } from "vitest";
import { isoDate, startOfWeek } from "../../src/sandbox/common/clock.js";
import { isSchoolDay, timetableWeek } from "../../src/sandbox/hubmis/calendar.js";
import { generateHubmisData } from "../../src/sandbox/hubmis/data.js";
import { ATTENDANCE_CODES } from "../../src/sandbox/hubmis/reference.js";
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

  it("puts this week and this morning inside the current term, with registers for today", () => {
    const today = isoDate(WEDNESDAY);
    expect(isSchoolDay(data.calendar, today)).toBe(true);
    const marksToday = data.attendance.filter((m) => m.date === today);
    expect(marksToday.length).toBe(current.length * 2);
    const monday = isoDate(startOfWeek(WEDNESDAY));
    expect(data.attendance.some((m) => m.date === monday)).toBe(true);
    expect(data.attendance.every((m) => m.date <= today)).toBe(true);
    const term = data.calendar.terms.find((t) => t.id === data.calendar.currentTermId);
    expect(term && term.startDate <= today && today <= term.endDate).toBe(true);
  });

  it("follows the machine's today when no day is given", () => {
    const live = generateHubmisData({ seed: 1 });
    expect(live.school.today).toBe(isoDate(new Date()));
    const term = live.calendar.terms.find((t) => t.id === live.calendar.currentTermId);
    expect(term && term.startDate <= live.school.today && live.school.today <= term.endDate).toBe(true);
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
    // "No reason yet" only survives for the last few days.
    const nId = ATTENDANCE_CODES.find((c) => c.code === "N")?.id;
    const recent = [...new Set(data.attendance.map((m) => m.date))].sort().slice(-5);
    for (const m of data.attendance.filter((x) => x.codeId === nId)) expect(recent).toContain(m.date);
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
    expect(timetableWeek(data.calendar, isoDate(WEDNESDAY))).toMatch(/^[AB]$/);
  });

  it("holds open, high-severity Year 9 wellbeing concerns from this week, and closed ones for leavers", () => {
    const year9 = data.yearGroups.find((y) => y.year === 9);
    const monday = isoDate(startOfWeek(WEDNESDAY));
    const open = data.pastoral.filter((p) => {
      const student = data.students.find((s) => s.id === p.studentId);
      return (
        student?.yearGroupId === year9?.id &&
        p.status === "active" &&
        p.severityId >= 73 &&
        p.dateTime >= monday
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
