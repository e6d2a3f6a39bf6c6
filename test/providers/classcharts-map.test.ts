/** The ClassCharts connector's tolerant reading of upstream JSON: envelopes, variants, cookies, dates. */
import { describe, expect, it } from "vitest";
import { Homework, Lesson, READ_SCOPES } from "../../src/domain/index.js";
import {
  InvalidResponseError,
  NotFoundError,
  NotSupportedError,
  UnavailableError,
  UserInputError,
} from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { isAuthFailure, unwrap } from "../../src/providers/classcharts/api.js";
import { readCookies, toDayMonthYear } from "../../src/providers/classcharts/auth.js";
import { fetchActivity } from "../../src/providers/classcharts/behaviour.js";
import {
  attendanceMarks,
  attendanceTotals,
  behaviourTotals,
  dateOnly,
  hhmm,
  mapActivity,
  mapAnnouncement,
  mapDetention,
  mapHomework,
  mapLesson,
  mapMark,
  mapPupil,
} from "../../src/providers/classcharts/map.js";
import {
  checkRange,
  isFor,
  type KnownPupil,
  knownPupils,
  selectPupils,
} from "../../src/providers/classcharts/pupils.js";

describe("envelopes", () => {
  it('unwraps success, turns an empty meta [] into {}, and accepts "1" and bare arrays', () => {
    expect(unwrap({ success: 1, data: [1], meta: [] }, "x")).toEqual({ data: [1], meta: {} });
    expect(unwrap({ success: "1", data: { a: 1 }, meta: { last_id: 5 } }, "x")).toEqual({
      data: { a: 1 },
      meta: { last_id: 5 },
    });
    expect(unwrap([{ id: 1 }], "x")).toEqual({ data: [{ id: 1 }], meta: {} });
    expect(unwrap({ data: [] }, "x")).toEqual({ data: [], meta: {} });
  });

  it("turns success 0 into typed errors that carry only the provider's short reason", () => {
    const envelope = (error: string) => ({ success: 0, error, expired: 0, data: null, meta: null });
    expect(() => unwrap(envelope("Attendance is not enabled for this pupil"), "a")).toThrow(
      NotSupportedError,
    );
    expect(() => unwrap(envelope("You do not have access to this pupil"), "a")).toThrow(NotFoundError);
    expect(() => unwrap(envelope("Something broke"), "a")).toThrow(UnavailableError);
    const hostile = envelope(`<html>${"x".repeat(500)}</html>`);
    expect(() => unwrap(hostile, "a")).toThrow(/^ClassCharts is unavailable: it refused a\. Try/);
    expect(() => unwrap("<html>", "a")).toThrow(InvalidResponseError);
    expect(() => unwrap({ nothing: true }, "a")).toThrow(InvalidResponseError);
  });

  it("recognises not-signed-in as 401, as expired: 1, or by its text; other refusals are not auth failures", () => {
    expect(isAuthFailure(401, undefined)).toBe(true);
    expect(isAuthFailure(200, { success: 0, error: "x", expired: 1 })).toBe(true);
    expect(isAuthFailure(200, { success: "0", error: "You are not logged in", expired: 0 })).toBe(true);
    expect(
      isAuthFailure(200, { success: 0, error: "You do not have access to this pupil", expired: 0 }),
    ).toBe(false);
    expect(isAuthFailure(200, { success: 1, data: [], meta: [] })).toBe(false);
    expect(isAuthFailure(500, undefined)).toBe(false);
  });
});

describe("sign-in details", () => {
  it("reads each cookie from the Set-Cookie list, Expires commas and all", () => {
    const value = encodeURIComponent(JSON.stringify({ session_id: "abc" }));
    const cookies = readCookies([
      "site=1; expires=Wed, 21 Oct 2026 07:28:00 GMT; path=/",
      `student_session_credentials=${value}; expires=Thu, 22 Oct 2026 07:28:00 GMT; secure`,
      "broken",
    ]);
    expect([...cookies.keys()]).toEqual(["site", "student_session_credentials"]);
    expect(JSON.parse(decodeURIComponent(cookies.get("student_session_credentials")!))).toEqual({
      session_id: "abc",
    });
  });

  it("sends the date of birth as DD/MM/YYYY", () => {
    expect(toDayMonthYear("2012-03-09")).toBe("09/03/2012");
    expect(toDayMonthYear("09/03/2012")).toBe("09/03/2012");
    expect(() => toDayMonthYear("March 2012")).toThrow(UserInputError);
  });
});

const P77 = { id: "77", name: "Ada Quill" };

describe("records", () => {
  it("maps a lesson to local HH:MM times, naming whose it is, dropping unknown fields", () => {
    const lesson = mapLesson(
      {
        lesson_name: "9R/Ma1",
        subject_name: "Mathematics",
        teacher_name: "Mr Quillby",
        room_name: "M4",
        period_number: 1,
        start_time: "2026-06-01T08:50:00+01:00",
        end_time: "2026-06-01 09:50:00",
        note_abstract: "<p>Bring a <b>calculator</b></p>",
        secret_internal_field: "dropped",
      },
      P77,
      "2026-06-01",
      "cc",
    )?.value;
    expect(Lesson.strict().parse(lesson)).toEqual({
      connection: "cc",
      date: "2026-06-01",
      start: "08:50",
      end: "09:50",
      period: "1",
      subject: "Mathematics",
      lessonName: "9R/Ma1",
      group: "9R/Ma1",
      teacher: "Mr Quillby",
      room: "M4",
      studentId: "77",
      studentName: "Ada Quill",
      note: "Bring a calculator",
    });
  });

  it("a lesson without times is unreadable, never 00:00; a break without names is the period's", () => {
    expect(mapLesson({ subject_name: "Art" }, P77, "2026-06-01", "cc")).toBeUndefined();
    expect(mapLesson({ subject_name: "Art", start_time: "", end_time: null }, P77, "2026-06-01", "cc")).toBe(
      undefined,
    );
    expect(
      mapLesson(
        { is_break: 1, period_name: "Lunch", start_time: "12:10", end_time: "13:00" },
        P77,
        "2026-06-01",
        "cc",
      )?.value,
    ).toMatchObject({ subject: "Lunch", isBreak: true, start: "12:10", end: "13:00" });
  });

  it("reads a lesson's other names and forms alike: HH:MM times, no _name suffix, flags as 1/0", () => {
    const documented = mapLesson(
      {
        lesson_name: "9R/Ma1",
        subject_name: "Mathematics",
        teacher_name: "Mr Quillby",
        room_name: "M4",
        is_break: false,
        period_number: "1",
        date: "2026-06-01",
        start_time: "2026-06-01T08:50:00+01:00",
        end_time: "2026-06-01T09:50:00+01:00",
      },
      P77,
      "2026-06-01",
      "cc",
    );
    const other = mapLesson(
      {
        lesson_name: "9R/Ma1",
        subject: { name: "Mathematics" },
        teacher: "Mr Quillby",
        room: "M4",
        is_break: 0,
        period_number: 1,
        date: "2026-06-01",
        start_time: "08:50",
        end_time: "2026-06-01T08:50:00Z",
        colour: "#fff",
      },
      P77,
      "2026-06-01",
      "cc",
    );
    expect(other).toEqual(documented);
  });

  it("maps homework statuses and hours, with numbers sent as strings; an amount without a unit is no time", () => {
    const base = { id: "12", title: "Essay", issue_date: "2026-01-05", due_date: "2026-01-12 00:00:00" };
    const states: [unknown, string][] = [
      [{ state: null, ticked: "no" }, "todo"],
      [{ state: "completed" }, "completed"],
      [{ state: null, ticked: "yes" }, "completed"],
      [{ state: null, ticked: true }, "completed"],
      [{ state: "late" }, "late"],
      [{ state: "not_completed" }, "not_completed"],
      [{ state: "mystery" }, "unknown"],
      [undefined, "unknown"],
    ];
    for (const [status, expected] of states) {
      expect(mapHomework({ ...base, status }, P77, "cc")?.value.status).toBe(expected);
    }
    const hw = mapHomework(
      { ...base, completion_time_value: "1.5", completion_time_unit: "hours" },
      P77,
      "cc",
    )?.value;
    expect(Homework.strict().parse(hw)).toMatchObject({ dueDate: "2026-01-12", estimatedMinutes: 90 });
    const unitless = mapHomework(
      { ...base, completion_time_value: 45, completion_time_unit: null },
      P77,
      "cc",
    );
    expect(unitless?.value.estimatedMinutes).toBeUndefined();
    // A due date written as the UTC instant its London day begins is that London day.
    expect(mapHomework({ ...base, due_date: "2026-06-30T23:00:00Z" }, P77, "cc")?.value.dueDate).toBe(
      "2026-07-01",
    );
  });

  it("maps activity polarity (blank and null are neutral) and wall-clock timestamps with London's offset", () => {
    const point = (polarity: unknown, extra: Record<string, unknown> = {}) =>
      mapActivity(
        {
          id: 5,
          type: "behaviour",
          polarity,
          reason: "Effort",
          score: "2",
          timestamp: "2026-01-05 09:10:00",
          ...extra,
        },
        P77,
        "cc",
      )?.value;
    expect(point("positive")).toMatchObject({
      id: "5",
      polarity: "positive",
      score: 2,
      timestamp: "2026-01-05T09:10:00+00:00",
      studentName: "Ada Quill",
    });
    expect(point("blank")?.polarity).toBe("neutral");
    expect(point(null)?.polarity).toBe("neutral");
    expect(point(null, { score: null })?.score).toBe(0);
    // A point that counts for or against without a score cannot be counted: unreadable, not 0.
    expect(point("negative", { score: null })).toBeUndefined();
    expect(point("positive", { type: undefined })).toBeUndefined();
    expect(point("positive", { reason: undefined, badge_name: "Kindness" })?.reason).toBe("Kindness");
  });

  it("says whose a record claims to be, by pupil_id or student_id or a nested pupil", () => {
    const base = {
      id: 5,
      type: "behaviour",
      polarity: "positive",
      score: 1,
      timestamp: "2026-01-05 09:10:00",
    };
    expect(mapActivity({ ...base, pupil_id: 8 }, P77, "cc")).toMatchObject({ pupilId: "8" });
    expect(mapActivity({ ...base, student_id: "8" }, P77, "cc")).toMatchObject({ pupilId: "8" });
    expect(mapActivity({ ...base, pupil_name: "Bo Quill" }, P77, "cc")).toMatchObject({
      pupilName: "Bo Quill",
    });
    const detention = { id: 1, attended: "yes", date: "2026-01-05", pupil: { id: 9 } };
    expect(mapDetention(detention, P77, "cc")).toMatchObject({ pupilId: "9" });
  });

  it("totals by reason keep a reason that is both positive and negative apart", () => {
    const event = (polarity: "positive" | "negative", reason: string, score: number) => ({
      id: "1",
      studentId: "1",
      timestamp: "2026-01-05T09:00:00+00:00",
      type: "behaviour",
      polarity,
      reason,
      score,
    });
    const totals = behaviourTotals([
      event("positive", "Effort", 2),
      event("positive", "Effort", 2),
      event("positive", "Homework", 2),
      event("negative", "Homework", -3),
    ]);
    expect(totals).toEqual({
      positive: 6,
      negative: 3,
      byReason: {
        Effort: { polarity: "positive", count: 4 },
        Homework: { polarity: "positive", count: 2 },
        "Homework (negative)": { polarity: "negative", count: 3 },
      },
    });
  });

  it("maps attendance marks, code meanings and our own percentage over them", () => {
    const marks = attendanceMarks({
      "2026-01-05": {
        AM: { code: "/", status: "yes", late_minutes: 0 },
        PM: { code: "L", status: "late", late_minutes: "7" },
      },
      "2026-01-06": { am: { code: "I", status: "Excused" }, pm: { code: "O", status: "no" } },
    });
    const records = marks.map((m) => mapMark(m, P77, "cc")!);
    expect(records.map((r) => r.status)).toEqual(["present", "late", "excused", "absent_unauthorised"]);
    expect(records.map((r) => r.session)).toEqual(["am", "pm", "am", "pm"]);
    expect(records[1]).toMatchObject({ lateMinutes: 7, codeMeaning: "Late, before the register closed" });
    expect(attendanceTotals(records)).toEqual({
      sessions: 4,
      present: 2,
      late: 1,
      absent: 2,
      authorisedAbsent: 1,
      unauthorisedAbsent: 1,
      percentage: 50,
    });
  });

  it("reads a flat list of marks like the map; a mark with neither status nor code is unreadable", () => {
    const flat = attendanceMarks([
      { date: "2026-01-05", session: "AM", code: "/", status: "yes" },
      { date: "2026-01-05", period: "p1", attendance_code: "L", minutes_late: "4", lesson: "9R/Ma1" },
      { date: "2026-01-05", session: "PM" },
    ]);
    expect(flat.map((m) => mapMark(m, P77, "cc"))).toEqual([
      expect.objectContaining({ session: "am", status: "present", studentName: "Ada Quill" }),
      expect.objectContaining({ session: "P1 9R/Ma1", status: "late", lateMinutes: 4 }),
      undefined,
    ]);
  });

  it("a detention whose outcome cannot be read is unreadable, not pending; flat and nested forms agree", () => {
    const nested = {
      id: 4,
      attended: "no",
      date: "2026-01-05",
      time: "15:10",
      length: 30,
      location: "Hall",
      lesson_pupil_behaviour: { reason: "Late" },
      teacher: { title: "Mr", first_name: "Ben", last_name: "Hale" },
      detention_type: { name: "After school" },
      pupil: { id: 77 },
    };
    const flat = {
      id: "4",
      attended: "no",
      date: "2026-01-05 00:00:00",
      time: "15:10:00",
      length: "30",
      location: "Hall",
      reason: "Late",
      teacher_name: "Mr Hale",
      detention_type: "After school",
      pupil_id: "77",
    };
    expect(mapDetention(flat, P77, "cc")).toEqual(mapDetention(nested, P77, "cc"));
    expect(mapDetention({ ...nested, attended: "maybe" }, P77, "cc")).toBeUndefined();
    expect(mapDetention({ ...nested, attended: null }, P77, "cc")).toBeUndefined();
  });

  it("maps a pupil's counters without the _count suffix; a null counter is absent, not 0", () => {
    const pupil = mapPupil(
      {
        id: 9,
        name: "Ada Quill",
        homework_todo_count: "3",
        detention_pending_count: 1,
        messages_count: null,
        display_attendance: false,
      },
      "cc",
    );
    expect(pupil).toEqual({
      connection: "cc",
      id: "9",
      firstName: "Ada",
      lastName: "Quill",
      displayName: "Ada Quill",
      counts: { homework_todo: 3, detention_pending: 1 },
    });
    expect(
      mapPupil({ id: "9", first_name: "Ada", last_name: "Quill", school: { name: "Vale" } }, "cc"),
    ).toMatchObject({ displayName: "Ada Quill", school: "Vale" });
  });
});

describe("London dates and times", () => {
  it("a zoned time is read on London's clock; a plain one is London wall time already", () => {
    // 23:30Z on 30 June is 00:30 BST on 1 July; in winter London is UTC.
    expect(dateOnly("2026-06-30T23:30:00Z")).toBe("2026-07-01");
    expect(dateOnly("2026-06-30T23:30:00+00:00")).toBe("2026-07-01");
    expect(dateOnly("2026-06-30T23:30:00+01:00")).toBe("2026-06-30");
    expect(dateOnly("2026-12-02T23:59:00Z")).toBe("2026-12-02");
    expect(dateOnly("2026-06-30 23:30:00")).toBe("2026-06-30");
    expect(dateOnly("2026-06-30")).toBe("2026-06-30");
    expect(dateOnly("soon")).toBeUndefined();
    expect(hhmm("2026-06-01T07:50:00Z")).toBe("08:50");
    expect(hhmm("2026-06-01T08:50:00+0100")).toBe("08:50");
    expect(hhmm("2026-12-01T08:50:00.000Z")).toBe("08:50");
    expect(hhmm("15:10")).toBe("15:10");
    expect(hhmm("15:10:00")).toBe("15:10");
    expect(hhmm("2026-06-01")).toBeUndefined();
  });

  it("a lesson sent in UTC lands on its London day and wall-clock times", () => {
    const lesson = mapLesson(
      { subject_name: "Art", start_time: "2026-06-30T23:30:00Z", end_time: "2026-07-01T00:30:00Z" },
      P77,
      "2026-06-30",
      "cc",
    )?.value;
    expect(lesson).toMatchObject({ date: "2026-07-01", start: "00:30", end: "01:30" });
  });

  it("timestamps come out in London's offset whatever form they came in, so the day reads first", () => {
    const at = (timestamp: string) =>
      mapActivity(
        { id: 1, type: "behaviour", polarity: "positive", reason: "Effort", score: 1, timestamp },
        P77,
        "cc",
      )?.value.timestamp;
    expect(at("2026-06-01T09:10:00+01:00")).toBe("2026-06-01T09:10:00+01:00");
    expect(at("2026-06-01T08:10:00.000Z")).toBe("2026-06-01T09:10:00+01:00");
    expect(at("2026-06-01 09:10:00")).toBe("2026-06-01T09:10:00+01:00");
    expect(at("2026-12-01T09:10:00Z")).toBe("2026-12-01T09:10:00+00:00");
    expect(at("2026-12-01 09:10:00+00:00")).toBe("2026-12-01T09:10:00+00:00");
    expect(at("2026-06-30T23:30:00Z")).toBe("2026-07-01T00:30:00+01:00");
    expect(at("2026-06-30T23:30:00+00:00")).toBe("2026-07-01T00:30:00+01:00");
    expect(
      mapAnnouncement({ id: 2, title: "Trip", timestamp: "2026-06-30T23:30:00Z" }, "cc")?.timestamp,
    ).toBe("2026-07-01T00:30:00+01:00");
  });

  it("the activity feed pages past a short page, and stops at the London day before the range", async () => {
    const pages = [
      {
        data: [
          { id: 4, type: "behaviour", polarity: "positive", score: 1, timestamp: "2026-07-01T08:00:00Z" },
          { id: 3, type: "behaviour", polarity: "positive", score: 1, timestamp: "2026-07-01T07:00:00Z" },
        ],
        meta: { last_id: 3 },
      },
      {
        data: [
          { id: 2, type: "behaviour", polarity: "positive", score: 1, timestamp: "2026-06-30T23:30:00Z" },
          { id: 1, type: "behaviour", polarity: "positive", score: 1, timestamp: "2026-06-30T22:30:00Z" },
        ],
        meta: { last_id: 1 },
      },
      { data: [], meta: { last_id: false } },
    ];
    const asked: (string | undefined)[] = [];
    const ctx = { scopes: new Set(READ_SCOPES), caller: "test", logger: silentLogger };
    const raws = await fetchActivity(
      async (query) => {
        asked.push(query["last_id"]);
        return pages[asked.length - 1]!;
      },
      { from: "2026-06-30", to: "2026-07-02" },
      "2026-07-01",
      ctx,
    );
    // 22:30Z on 30 June is 23:30 BST, the day before: paging stops there, after two pages.
    expect(asked).toEqual([undefined, "3"]);
    expect(raws).toHaveLength(4);
  });
});

describe("pupil choice and ranges", () => {
  const pupils = knownPupils(
    [
      { id: 1, name: "Sam Moss", first_name: "Sam" },
      { id: 2, name: "Sam Vale", first_name: "Sam" },
    ],
    { logger: silentLogger },
  );

  it("an ambiguous first name asks for an id; a full name picks one; an unknown name does not echo it", () => {
    expect(() => selectPupils(pupils, "sam")).toThrow(
      /More than one pupil has that name; pass one of the ids: 1, 2/,
    );
    expect(selectPupils(pupils, "Sam Vale").map((p) => p.id)).toEqual(["2"]);
    expect(() => selectPupils(pupils, "Zed")).toThrow(
      /cannot see a pupil with that name\. Pupils it can see: 1, 2/,
    );
  });

  it("a record is another pupil's by its id, or by a name that is recognisably another pupil's", () => {
    const [moss, vale] = pupils as [KnownPupil, KnownPupil];
    expect(isFor({ pupilId: "1" }, moss, pupils)).toBe(true);
    expect(isFor({ pupilId: "2" }, moss, pupils)).toBe(false);
    expect(isFor({ pupilName: "Moss, Sam" }, moss, pupils)).toBe(true);
    expect(isFor({ pupilName: "Sam Vale" }, moss, pupils)).toBe(false);
    // A name written another way is not proof it is someone else's.
    expect(isFor({ pupilName: "Samuel Moss" }, moss, pupils)).toBe(true);
    expect(isFor({}, vale, pupils)).toBe(true);
  });

  it("a pupil list with none readable is an error, not no pupils", () => {
    expect(() => knownPupils([{ name: "No Id" }], { logger: silentLogger })).toThrow(InvalidResponseError);
  });

  it("ranges are checked for shape, order and the 366-day limit", () => {
    expect(checkRange("2026-01-01", "2026-12-31")).toBe(365);
    expect(checkRange("2028-01-01", "2028-12-31")).toBe(366);
    expect(() => checkRange("2026-01-01", "2027-01-02")).toThrow(
      /covers 367 days; ClassCharts is asked for at most 366/,
    );
    expect(() => checkRange("2026-1-1", "2026-01-02")).toThrow(/from must be a date/);
  });
});
