/**
 * Contract: the HUBmis connector's read operations against the sandbox over loopback HTTP. Every record is
 * parsed with our domain schema; upstream request counts come from the sandbox's own statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Group,
  Lesson,
  StaffMember,
  Student,
  StudentDetail,
  WellbeingEvent,
  WITHHELD,
} from "../../src/domain/index.js";
import { NotFoundError, UserInputError } from "../../src/errors.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { WEDNESDAY } from "../sandbox/hubmis-http.js";
import { context, type Harness, sensitive, startHarness } from "./hubmis-harness.js";

let h: Harness;
const ctx = context();
const monday = mondayOf(WEDNESDAY);
const tomorrow = addDays(WEDNESDAY, 1);

beforeAll(async () => {
  // 150x: HUBmis's minute passes in 400 ms, so its 12-a-minute limit still applies, quickly. Faster clocks
  // shrink the connector's 90 s queue-wait cap below one window plus the limiter's real-time skew margin
  // (150 ms), and a test that finds the window spent would be refused instead of waiting for it.
  h = await startHarness(150);
});
afterAll(async () => {
  await h.close();
});

describe("HUBmis connector: students", () => {
  it("lists current pupils as domain records with names, not ids, for year group, form and house", async () => {
    const page = await h.connector.listStudents({}, ctx);
    expect(page.items).toHaveLength(50);
    expect(page.nextCursor).toBeDefined();
    for (const s of page.items) {
      expect(Student.strict().parse(s)).toEqual(s);
      expect(s).toMatchObject({ connection: "oakfield", enrolmentStatus: "enrolled" });
      expect(s.yearGroup).toMatch(/^Year \d+$/);
      expect(s.form).toMatch(/^\d{1,2}[A-Z]$/);
      expect(s.house).toMatch(/ House$/);
    }
  });

  it("pages through all 600 with a cursor, asking for each upstream page of 100 once", async () => {
    const before = h.hits("/students");
    const seen = new Set<string>();
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await h.connector.listStudents({ limit: 250, ...(cursor ? { cursor } : {}) }, ctx);
      for (const s of page.items) seen.add(s.id);
      cursor = page.nextCursor;
      calls++;
    } while (cursor);
    expect(seen.size).toBe(600);
    expect(calls).toBe(3);
    // Pages 1–6 hold 600 pupils, page 7 comes back empty; the first page was cached by the previous test.
    expect(h.hits("/students") - before).toBe(6);
  });

  it("resolves group names: a form, a year group, a house, a tutor group", async () => {
    const nineR = await h.connector.listStudents({ groupId: "9R", limit: 100 }, ctx);
    expect(nineR.items.length).toBeGreaterThan(15);
    for (const s of nineR.items) expect(s).toMatchObject({ form: "9R", yearGroup: "Year 9" });
    const year9 = await h.connector.listStudents({ yearGroup: "Y9", limit: 100 }, ctx);
    expect(year9.items).toHaveLength(90);
    const byName = await h.connector.listStudents({ groupId: "year 9", limit: 100 }, ctx);
    expect(byName.items.map((s) => s.id)).toEqual(year9.items.map((s) => s.id));
    const green = await h.connector.listStudents({ house: "Green", limit: 500 }, ctx);
    expect(green.items.length).toBeGreaterThan(100);
    for (const s of green.items) expect(s.house).toBe("Green House");
    const tutor = await h.connector.listStudents({ groupId: "TG09X", limit: 100 }, ctx);
    expect(tutor.items.length).toBeGreaterThan(0);
    for (const s of tutor.items)
      expect(s).toMatchObject({ tutorGroup: "Year 9 Tutor Group X", yearGroup: "Year 9" });
  });

  it("searches names and filters enrolment status", async () => {
    const someone = h.sandbox.data.students.find((s) => s.enrolmentStatus === "current" && s.id > 5300)!;
    const found = await h.connector.listStudents({ search: someone.lastName, limit: 100 }, ctx);
    expect(found.items.map((s) => s.id)).toContain(String(someone.id));
    const left = await h.connector.listStudents({ enrolmentStatus: "left", limit: 100 }, ctx);
    expect(left.items).toHaveLength(20);
    for (const s of left.items) expect(s.enrolmentStatus).toBe("left");
    const applicants = await h.connector.listStudents({ enrolmentStatus: "applicant", limit: 100 }, ctx);
    expect(applicants.items.every((s) => s.enrolmentStatus === "applicant")).toBe(true);
    await expect(h.connector.listStudents({ enrolmentStatus: "expelled" }, ctx)).rejects.toThrow(
      UserInputError,
    );
  });

  it('refuses "Year 14" with the valid values, before asking for any pupil', async () => {
    const before = h.hits("/students");
    const error = await h.connector.listStudents({ groupId: "Year 14" }, ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    const message = (error as Error).message;
    for (const valid of ["Year 7", "Year 13", "9R", "Green House", "Year 9 Tutor Group X"])
      expect(message).toContain(valid);
    await expect(h.connector.listStudents({ yearGroup: "9R" }, ctx)).rejects.toThrow(/Valid values: Year 7/);
    expect(h.hits("/students")).toBe(before);
  });

  it("gets a pupil with contacts, withholding medical, learning support and doctor without sensitive:read", async () => {
    const pupil = h.sandbox.data.students.find((s) => s.medical.length > 0 && s.learningSupport)!;
    const before = {
      doctor: h.hits(`/students/${pupil.id}/doctor`),
      ls: h.hits(`/students/${pupil.id}/learning-support`),
    };
    const detail = await h.connector.getStudent(String(pupil.id), ctx);
    expect(StudentDetail.strict().parse(detail)).toEqual(detail);
    expect(detail).toMatchObject({
      id: String(pupil.id),
      medical: WITHHELD,
      learningSupport: WITHHELD,
      doctor: WITHHELD,
      withheld: ["medical", "learningSupport", "doctor"],
    });
    expect(detail.contacts?.length).toBeGreaterThan(0);
    expect(detail.contacts?.[0]).toMatchObject({
      name: expect.any(String),
      relationship: expect.any(String),
    });
    expect(detail.enrolment?.admissionDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(h.hits(`/students/${pupil.id}/doctor`)).toBe(before.doctor);
    expect(h.hits(`/students/${pupil.id}/learning-support`)).toBe(before.ls);
    expect(JSON.stringify(detail)).not.toContain(pupil.medical[0]?.condition);
  });

  it("includes the sensitive parts with sensitive:read", async () => {
    const pupil = h.sandbox.data.students.find((s) => s.medical.length > 0 && s.learningSupport)!;
    const detail = await h.connector.getStudent(String(pupil.id), sensitive());
    expect(StudentDetail.strict().parse(detail)).toEqual(detail);
    expect(detail.withheld).toBeUndefined();
    expect(detail.medical).toEqual([
      { condition: pupil.medical[0]?.condition, severity: pupil.medical[0]?.severity },
    ]);
    expect(detail.learningSupport).toMatchObject({ needs: [{ type: pupil.learningSupport?.need }] });
    expect(detail.doctor).toMatchObject({ name: expect.stringMatching(/^Dr /), phone: pupil.doctor.phone });
  });

  it("names an unknown pupil id, and refuses a name where an id belongs without a request", async () => {
    await expect(h.connector.getStudent("999999", ctx)).rejects.toThrow(NotFoundError);
    await expect(h.connector.getStudent("999999", ctx)).rejects.toThrow(/999999/);
    const before = h.hits();
    await expect(h.connector.getStudent("Jamie", ctx)).rejects.toThrow(UserInputError);
    expect(h.hits()).toBe(before);
  });
});

describe("HUBmis connector: staff, groups, timetable", () => {
  it("lists staff, finds Mr Patel by name, and pages", async () => {
    const patel = await h.connector.listStaff({ search: "Mr Patel" }, ctx);
    expect(patel.items).toHaveLength(1);
    expect(StaffMember.strict().parse(patel.items[0])).toEqual(patel.items[0]);
    expect(patel.items[0]).toMatchObject({ displayName: "Mr Dev Patel", title: "Mr", status: "current" });
    expect(await h.connector.listStaff({ search: "Mrs Patel" }, ctx)).toEqual({ items: [], total: 0 });
    const first = await h.connector.listStaff({ limit: 40 }, ctx);
    const rest = await h.connector.listStaff({ limit: 40, cursor: first.nextCursor as string }, ctx);
    const all = [...first.items, ...rest.items];
    expect(new Set(all.map((s) => s.id)).size).toBe(
      h.sandbox.data.staff.filter((s) => s.status === "current").length,
    );
    expect(rest.nextCursor).toBeUndefined();
  });

  it("lists forms, tutor groups, year groups and houses with member counts", async () => {
    const groups = await h.connector.listGroups({}, ctx);
    for (const g of groups) expect(Group.strict().parse(g)).toEqual(g);
    const kinds = (kind: string) => groups.filter((g) => g.kind === kind);
    expect(kinds("year_group")).toHaveLength(7);
    expect(kinds("form")).toHaveLength(28);
    expect(kinds("house").map((g) => g.name)).toEqual([
      "Green House",
      "Red House",
      "Blue House",
      "Yellow House",
    ]);
    expect(kinds("tutor_group").length).toBeGreaterThan(10);
    const nineR = groups.find((g) => g.name === "9R");
    const members = h.sandbox.data.students.filter(
      (s) =>
        s.enrolmentStatus === "current" && s.formId === h.sandbox.data.forms.find((f) => f.code === "9R")?.id,
    );
    expect(nineR).toMatchObject({ kind: "form", yearGroup: "Year 9", memberCount: members.length });
    expect(groups.find((g) => g.name === "Year 9")?.memberCount).toBe(90);
    expect(await h.connector.listGroups({ kind: "house", search: "green" }, ctx)).toHaveLength(1);
  });

  it("answers what Mr Patel teaches period 4 tomorrow from the staff calendar", async () => {
    const lessons = await h.connector.getTimetable(
      { staffId: "Mr Patel", from: tomorrow, to: tomorrow },
      ctx,
    );
    for (const l of lessons) expect(Lesson.strict().parse(l)).toEqual(l);
    const p4 = lessons.find((l) => l.period === "Period 4");
    expect(p4).toMatchObject({
      date: tomorrow,
      start: "12:10",
      end: "13:10",
      subject: "Mathematics",
      teacher: "Mr Dev Patel",
    });
    expect(p4?.group).toMatch(/^(9[KLRT]|10R)$/);
    const byId = await h.connector.getTimetable(
      { staffId: p4?.staffId as string, from: tomorrow, to: tomorrow },
      ctx,
    );
    expect(byId).toEqual(lessons);
  });

  it("gives a pupil's lessons for a week, and refuses bad names and ranges", async () => {
    const friday = addDays(WEDNESDAY, 2);
    const week = await h.connector.getTimetable({ studentId: "5001", from: monday, to: friday }, ctx);
    expect(week).toHaveLength(30);
    expect(week.map((l) => `${l.date} ${l.start}`)).toEqual(
      [...week.map((l) => `${l.date} ${l.start}`)].sort(),
    );
    const unknown = await h.connector
      .getTimetable({ staffId: "Mrs Nobody", from: monday, to: monday }, ctx)
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(UserInputError);
    expect((unknown as Error).message).toContain("Mr Patel");
    await expect(
      h.connector.getTimetable({ studentId: "5001", from: "2025-01-01", to: "2026-06-01" }, ctx),
    ).rejects.toThrow(/366/);
    await expect(
      h.connector.getTimetable({ studentId: "5001", from: friday, to: monday }, ctx),
    ).rejects.toThrow(UserInputError);
    await expect(
      h.connector.getTimetable({ studentId: "999999", from: monday, to: monday }, ctx),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("HUBmis connector: wellbeing", () => {
  it("lists open Year 9 concerns, most severe first, narrative withheld without sensitive:read", async () => {
    const page = await h.connector.listWellbeingEvents(
      { yearGroup: "Year 9", status: "open", type: "event", limit: 100 },
      ctx,
    );
    expect(page.items.length).toBeGreaterThan(3);
    for (const e of page.items) {
      expect(WellbeingEvent.strict().parse(e)).toEqual(e);
      expect(e).toMatchObject({ yearGroup: "Year 9", status: "active", type: "event", detail: WITHHELD });
    }
    const ranks = page.items.map((e) => e.severityRank ?? 0);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(page.items[0]?.severity).toMatch(/Critical|High/);
    const withDetail = await h.connector.listWellbeingEvents(
      { yearGroup: "Year 9", status: "open", type: "event", limit: 100 },
      sensitive(),
    );
    for (const e of withDetail.items) expect(e.detail).not.toBe(WITHHELD);
  });

  it("filters by type, category, severity, assigned staff, form, dates and past pupils", async () => {
    for (const e of (await h.connector.listWellbeingEvents({ type: "plan", limit: 100 }, ctx)).items)
      expect(e.type).toBe("plan");
    for (const e of (await h.connector.listWellbeingEvents({ category: "Anxiety", limit: 100 }, ctx)).items)
      expect(e.category).toBe("Anxiety");
    const high = await h.connector.listWellbeingEvents({ severity: "high", limit: 100 }, ctx);
    expect(high.items.length).toBeGreaterThan(0);
    for (const e of high.items) expect(e.severity).toBe("High");
    const some = high.items.find((e) => e.assignedTo?.length)!;
    const staffName = (some.assignedTo as string[])[0] as string;
    const assigned = await h.connector.listWellbeingEvents({ assignedTo: staffName, limit: 100 }, ctx);
    for (const e of assigned.items) expect(e.assignedTo).toContain(staffName);
    for (const e of (await h.connector.listWellbeingEvents({ form: "9R", limit: 100 }, ctx)).items)
      expect(e.form).toBe("9R");
    const thisWeek = await h.connector.listWellbeingEvents({ from: monday, to: WEDNESDAY, limit: 100 }, ctx);
    expect(thisWeek.items.length).toBeGreaterThan(0);
    for (const e of thisWeek.items) expect(e.date >= monday && e.date <= WEDNESDAY).toBe(true);
    const leavers = new Set(
      h.sandbox.data.students.filter((s) => s.enrolmentStatus === "past").map((s) => String(s.id)),
    );
    const without = await h.connector.listWellbeingEvents({ limit: 500 }, ctx);
    const withPast = await h.connector.listWellbeingEvents({ includePastStudents: true, limit: 500 }, ctx);
    expect(without.items.some((e) => leavers.has(e.studentId))).toBe(false);
    expect(withPast.items.some((e) => leavers.has(e.studentId))).toBe(true);
  });

  it("lists one pupil's events and plans, and pages with a cursor", async () => {
    const record = h.sandbox.data.pastoral.find(
      (p) => h.sandbox.data.students.find((s) => s.id === p.studentId)?.enrolmentStatus === "current",
    )!;
    const own = await h.connector.listWellbeingEvents({ studentId: String(record.studentId) }, ctx);
    expect(own.items.map((e) => e.id)).toContain(String(record.id));
    for (const e of own.items) expect(e.studentId).toBe(String(record.studentId));
    const first = await h.connector.listWellbeingEvents({ limit: 10 }, ctx);
    const second = await h.connector.listWellbeingEvents(
      { limit: 10, cursor: first.nextCursor as string },
      ctx,
    );
    expect(second.items).toHaveLength(10);
    expect(second.items.map((e) => e.id).some((id) => first.items.map((e) => e.id).includes(id))).toBe(false);
    await expect(
      h.connector.listWellbeingEvents({ limit: 10, type: "plan", cursor: first.nextCursor as string }, ctx),
    ).rejects.toThrow(/different question/);
  });

  it("lists valid categories and severities when a name matches nothing", async () => {
    await expect(h.connector.listWellbeingEvents({ category: "Knitting" }, ctx)).rejects.toThrow(
      /Valid values: .*Anxiety/,
    );
    await expect(h.connector.listWellbeingEvents({ severity: "Apocalyptic" }, ctx)).rejects.toThrow(
      /Low, Medium, High, Critical/,
    );
    await expect(h.connector.listWellbeingEvents({ status: "pending" }, ctx)).rejects.toThrow(UserInputError);
  });
});
