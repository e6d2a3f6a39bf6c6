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
import { readCookies, toDayMonthYear } from "../../src/providers/classcharts/auth.js";
import { fetchActivity } from "../../src/providers/classcharts/behaviour.js";
import { isAuthFailure, unwrap } from "../../src/providers/classcharts/envelope.js";
import {
  dateOnly,
  hhmm,
  mapActivity,
  mapAnnouncement,
  mapAttendance,
  mapBehaviourTotals,
  mapHomework,
  mapLesson,
  mapPupil,
} from "../../src/providers/classcharts/map.js";
import { checkRange, selectPupils } from "../../src/providers/classcharts/pupils.js";

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

describe("records", () => {
  it("maps a lesson to local HH:MM times, dropping unknown fields", () => {
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
      "77",
      "2026-06-01",
      "cc",
    );
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
      note: "Bring a calculator",
    });
    expect(mapLesson({ subject_name: "Art" }, "77", "2026-06-01", "cc")).toBeUndefined();
  });

  it("maps homework statuses and hours, with numbers sent as strings", () => {
    const base = { id: "12", title: "Essay", issue_date: "2026-01-05", due_date: "2026-01-12 00:00:00" };
    const states: [unknown, string][] = [
      [{ state: null, ticked: "no" }, "todo"],
      [{ state: "completed" }, "completed"],
      [{ state: null, ticked: "yes" }, "completed"],
      [{ state: "late" }, "late"],
      [{ state: "not_completed" }, "not_completed"],
      [{ state: "mystery" }, "unknown"],
      [undefined, "unknown"],
    ];
    for (const [status, expected] of states) {
      expect(mapHomework({ ...base, status }, "1", "cc")?.status).toBe(expected);
    }
    const hw = mapHomework(
      { ...base, completion_time_value: "1.5", completion_time_unit: "hours" },
      "1",
      "cc",
    );
    expect(Homework.strict().parse(hw)).toMatchObject({ dueDate: "2026-01-12", estimatedMinutes: 90 });
  });

  it("maps activity polarity (blank and null are neutral) and space-separated timestamps", () => {
    const point = (polarity: unknown) =>
      mapActivity(
        { id: 5, polarity, reason: "Effort", score: "2", timestamp: "2026-01-05 09:10:00" },
        "1",
        "cc",
      );
    expect(point("positive")).toMatchObject({
      id: "5",
      polarity: "positive",
      score: 2,
      timestamp: "2026-01-05T09:10:00",
    });
    expect(point("blank")?.polarity).toBe("neutral");
    expect(point(null)?.polarity).toBe("neutral");
  });

  it("totals by reason keep a reason that is both positive and negative apart", () => {
    const totals = mapBehaviourTotals({
      positive_reasons: { Effort: 4, Homework: "2" },
      negative_reasons: { Homework: 3 },
    });
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

  it("maps attendance marks, code meanings and the percentage sent as a string", () => {
    const { records, totals } = mapAttendance(
      {
        "2026-01-05": {
          AM: { code: "/", status: "yes", late_minutes: 0 },
          PM: { code: "L", status: "late", late_minutes: "7" },
        },
        "2026-01-06": { AM: { code: "I", status: "excused" }, PM: { code: "O", status: "no" } },
      },
      { percentage: "50.0" },
      "1",
      "cc",
    );
    expect(records.map((r) => r.status)).toEqual(["present", "late", "excused", "absent_unauthorised"]);
    expect(records[1]).toMatchObject({ lateMinutes: 7, codeMeaning: "Late, before the register closed" });
    expect(totals).toEqual({
      sessions: 4,
      present: 1,
      late: 1,
      absent: 2,
      authorisedAbsent: 1,
      unauthorisedAbsent: 1,
      percentage: 50,
    });
  });

  it("maps a pupil's counters without the _count suffix", () => {
    const pupil = mapPupil(
      {
        id: 9,
        name: "Ada Quill",
        homework_todo_count: "3",
        detention_pending_count: 1,
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
    expect(hhmm("2026-06-01T07:50:00Z")).toBe("08:50");
    expect(hhmm("2026-06-01T08:50:00+0100")).toBe("08:50");
    expect(hhmm("2026-12-01T08:50:00.000Z")).toBe("08:50");
    expect(hhmm("15:10")).toBe("15:10");
  });

  it("a lesson sent in UTC lands on its London day and wall-clock times", () => {
    const lesson = mapLesson(
      { subject_name: "Art", start_time: "2026-06-30T23:30:00Z", end_time: "2026-07-01T00:30:00Z" },
      "7",
      "2026-06-30",
      "cc",
    );
    expect(lesson).toMatchObject({ date: "2026-07-01", start: "00:30", end: "01:30" });
  });

  it("timestamps keep a London offset as sent and move any other to London's, so the day reads first", () => {
    const at = (timestamp: string) =>
      mapActivity({ id: 1, polarity: "positive", reason: "Effort", timestamp }, "1", "cc")?.timestamp;
    expect(at("2026-06-01T09:10:00+01:00")).toBe("2026-06-01T09:10:00+01:00");
    expect(at("2026-12-01T09:10:00Z")).toBe("2026-12-01T09:10:00Z");
    expect(at("2026-12-01 09:10:00+00:00")).toBe("2026-12-01T09:10:00+00:00");
    expect(at("2026-06-30T23:30:00Z")).toBe("2026-07-01T00:30:00+01:00");
    expect(at("2026-06-30T23:30:00+00:00")).toBe("2026-07-01T00:30:00+01:00");
    expect(
      mapAnnouncement({ id: 2, title: "Trip", timestamp: "2026-06-30T23:30:00Z" }, "cc")?.timestamp,
    ).toBe("2026-07-01T00:30:00+01:00");
  });

  it("the activity feed's range is London days: a point at 00:30 BST belongs to that day", async () => {
    const page = {
      data: [
        { id: 3, polarity: "positive", reason: "Effort", timestamp: "2026-07-01T07:00:00Z" },
        { id: 2, polarity: "positive", reason: "Effort", timestamp: "2026-06-30T23:30:00Z" },
        { id: 1, polarity: "positive", reason: "Effort", timestamp: "2026-06-30T22:30:00Z" },
      ],
      meta: { last_id: false },
    };
    const ctx = { scopes: new Set(READ_SCOPES), caller: "test", logger: silentLogger };
    const events = await fetchActivity(
      async () => page,
      "1",
      { from: "2026-07-01", to: "2026-07-01" },
      "cc",
      ctx,
    );
    expect(events.map((e) => e.id)).toEqual(["3", "2"]);
  });
});

describe("pupil choice and ranges", () => {
  const pupils = [
    { id: "1", raw: { id: 1, name: "Sam Moss", first_name: "Sam" } },
    { id: "2", raw: { id: 2, name: "Sam Vale", first_name: "Sam" } },
  ];

  it("an ambiguous first name asks for an id; a full name picks one; an unknown name does not echo it", () => {
    expect(() => selectPupils(pupils, "sam")).toThrow(
      /More than one pupil has that name; pass one of the ids: 1, 2/,
    );
    expect(selectPupils(pupils, "Sam Vale").map((p) => p.id)).toEqual(["2"]);
    expect(() => selectPupils(pupils, "Zed")).toThrow(
      /cannot see a pupil with that name\. Pupils it can see: 1, 2/,
    );
  });

  it("ranges are checked for shape, order and the 366-day limit", () => {
    expect(checkRange("2026-01-01", "2026-12-31")).toBe(365);
    expect(checkRange("2028-01-01", "2028-12-31")).toBe(366);
    expect(() => checkRange("2026-01-01", "2027-01-02")).toThrow(/limited to 366 days; this one covers 367/);
    expect(() => checkRange("2026-1-1", "2026-01-02")).toThrow(/from must be a date/);
  });
});
