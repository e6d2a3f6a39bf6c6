/** Raw-HTTP contract: the ClassCharts sandbox's API endpoints, envelopes, paging and error shapes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { createClock, isoDate } from "../../src/sandbox/common/clock.js";

type Json = Record<string, unknown>;
type Envelope = { success: number; data: unknown; meta: unknown; error?: string; expired?: number };

let sandbox: ClassChartsSandbox;
let session: string;
let first: number;
let second: number;
const today = isoDate(new Date());

beforeAll(async () => {
  sandbox = await startClassChartsSandbox({ seed: 11, clock: createClock(1) });
  [first, second] = sandbox.data.parent.pupilIds as [number, number];
  const login = await fetch(`${sandbox.url}/parent/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      _method: "POST",
      email: sandbox.data.parent.email,
      logintype: "existing",
      password: sandbox.data.parent.password,
    }),
  });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith("parent_session_credentials="))!;
  session = JSON.parse(decodeURIComponent(cookie.split(";")[0]!.split("=")[1]!)).session_id;
});
afterAll(() => sandbox.close());

async function get(path: string): Promise<{ status: number; body: Envelope }> {
  const response = await fetch(`${sandbox.url}/apiv2parent/${path}`, {
    headers: { authorization: `Basic ${session}` },
  });
  return { status: response.status, body: (await response.json()) as Envelope };
}

async function data<T = Json[]>(path: string): Promise<{ data: T; meta: Json }> {
  const { status, body } = await get(path);
  expect(status).toBe(200);
  expect(body.success).toBe(1);
  return { data: body.data as T, meta: body.meta as Json };
}

function plusDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000));
}

describe("envelopes", () => {
  it("success carries data and meta; an empty meta is [] not {}", async () => {
    const { body } = await get(`classes/${first}`);
    expect(Object.keys(body)).toEqual(["success", "data", "meta"]);
    expect(body.meta).toEqual([]);
    const announcements = await get(`announcements/${first}`);
    expect(announcements.body.meta).toEqual([]);
  });

  it("a pupil that is not the parent's gets the error envelope", async () => {
    for (const id of ["999", String(first + 1), "abc"]) {
      const { status, body } = await get(`homeworks/${id}`);
      expect(status).toBe(200);
      expect(body).toEqual({
        success: 0,
        error: "You do not have access to this pupil",
        expired: 0,
        data: null,
        meta: null,
      });
    }
  });

  it("bad parameters answer 400 and unknown endpoints 404, in the envelope", async () => {
    const cases: [string, number, string][] = [
      [`timetable/${first}`, 400, "A date is required"],
      [`timetable/${first}?date=2026-02-30`, 400, "Invalid date: date must be YYYY-MM-DD"],
      [`activity/${first}?last_id=abc`, 400, "Invalid last_id"],
      [`homeworks/${first}?display_date=soon`, 400, "display_date must be due_date or issue_date"],
      [`attendance/${first}?from=yesterday`, 400, "Invalid date: from must be YYYY-MM-DD"],
      [`nonsense/${first}`, 404, "Unknown endpoint"],
      [`activity/${first}/extra`, 404, "Unknown endpoint"],
    ];
    for (const [path, status, error] of cases) {
      const answer = await get(path);
      expect(answer.status, path).toBe(status);
      expect(answer.body, path).toEqual({ success: 0, error, expired: 0, data: null, meta: null });
    }
  });
});

describe("activity paging", () => {
  it("pages newest first, 50 at a time, by last_id, until an empty page with last_id false", async () => {
    const from = sandbox.data.termStart;
    const seen: number[] = [];
    let lastId: number | false | undefined;
    let pages = 0;
    for (;;) {
      const query = `from=${from}&to=${today}${lastId ? `&last_id=${lastId}` : ""}`;
      const { data: items, meta } = await data<Json[]>(`activity/${first}?${query}`);
      pages++;
      expect(items.length).toBeLessThanOrEqual(50);
      if (items.length === 0) {
        expect(meta["last_id"]).toBe(false);
        break;
      }
      expect(meta["last_id"]).toBe(items.at(-1)!["id"]);
      seen.push(...items.map((i) => i["id"] as number));
      lastId = meta["last_id"] as number;
    }
    const all = sandbox.data.pupils[0]!.activity;
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(seen).toEqual(all.map((p) => p.id));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it("from and to bound the feed", async () => {
    const from = plusDays(today, -14);
    const { data: items } = await data<Json[]>(`activity/${first}?from=${from}&to=${today}`);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect((item["timestamp"] as string).slice(0, 10) >= from).toBe(true);
    }
  });

  it("behaviour totals agree with the activity in the range", async () => {
    const from = sandbox.data.termStart;
    const { data: totals } = await data<Json>(`behaviour/${first}?from=${from}&to=${today}`);
    const positive = Object.values(totals["positive_reasons"] as Record<string, number>).reduce(
      (a, b) => a + b,
    );
    const expected = sandbox.data.pupils[0]!.activity.filter((p) => p.polarity === "positive").reduce(
      (sum, p) => sum + p.score,
      0,
    );
    expect(positive).toBe(expected);
    expect((totals["timeline"] as Json[])[0]).toEqual(
      expect.objectContaining({
        positive: expect.any(Number),
        negative: expect.any(Number),
        name: expect.any(String),
      }),
    );
  });
});

describe("pupil data", () => {
  it("homework filters by due or issue date and counts this week in meta", async () => {
    const from = plusDays(today, -7);
    const byDue = await data<Json[]>(`homeworks/${first}?display_date=due_date&from=${from}&to=${today}`);
    for (const h of byDue.data)
      expect((h["due_date"] as string) >= from && (h["due_date"] as string) <= today).toBe(true);
    const byIssue = await data<Json[]>(`homeworks/${first}?display_date=issue_date&from=${from}&to=${today}`);
    for (const h of byIssue.data) expect((h["issue_date"] as string) >= from).toBe(true);
    expect(byDue.meta).toMatchObject({ display_type: "due_date", this_week_due_count: expect.any(Number) });
    const states = new Set(sandbox.data.pupils[0]!.homework.map((h) => h.status.state));
    expect(states).toEqual(new Set([null, "completed", "late", "not_completed"]));
  });

  it("the timetable answers one day with local times, breaks marked, nothing at weekends", async () => {
    let weekday = today;
    while ([0, 6].includes(new Date(`${weekday}T00:00:00Z`).getUTCDay())) weekday = plusDays(weekday, 1);
    const { data: lessons, meta } = await data<Json[]>(`timetable/${first}?date=${weekday}`);
    expect(lessons).toHaveLength(7);
    expect(lessons.filter((l) => l["is_break"])).toHaveLength(2);
    expect(lessons[0]).toMatchObject({ period_name: "P1", date: weekday });
    expect(lessons[0]!["start_time"]).toMatch(new RegExp(`^${weekday}T08:50:00\\+0[01]:00$`));
    expect(meta["periods"]).toContainEqual({ number: "1", start_time: "08:50", end_time: "09:50" });
    let weekend = today;
    while (![0, 6].includes(new Date(`${weekend}T00:00:00Z`).getUTCDay())) weekend = plusDays(weekend, 1);
    expect((await data<Json[]>(`timetable/${first}?date=${weekend}`)).data).toEqual([]);
  });

  it("attendance maps dates to sessions and lessons, with the percentage as the service spells it", async () => {
    const from = plusDays(today, -28);
    const { data: days, meta } = await data<Record<string, Record<string, Json>>>(
      `attendance/${first}?from=${from}&to=${today}`,
    );
    const dates = Object.keys(days);
    expect(dates.length).toBeGreaterThanOrEqual(18);
    const day = days[dates[0]!]!;
    expect(Object.keys(day)).toEqual(expect.arrayContaining(["AM", "PM", "P1"]));
    expect(day["P1"]).toEqual(
      expect.objectContaining({ lesson_name: expect.any(String), status: expect.any(String) }),
    );
    expect(meta["percentage"]).toMatch(/^\d+(\.\d)?$/);
    expect(meta).toHaveProperty("percentage_singe_august");
    expect(meta["dates"]).toEqual(dates);
  });

  it("the school that hides attendance refuses it", async () => {
    const { status, body } = await get(`attendance/${second}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: 0, expired: 0, error: "Attendance is not enabled for this pupil" });
  });

  it("detentions, announcements, badges, classes and custom fields have their documented shapes", async () => {
    const detentions = (await data<Json[]>(`detentions/${first}`)).data;
    expect(new Set(detentions.map((d) => d["attended"]))).toEqual(
      new Set(["yes", "no", "upscaled", "pending"]),
    );
    expect(detentions[0]).toEqual(
      expect.objectContaining({
        date: expect.any(String),
        time: expect.any(String),
        location: expect.any(String),
      }),
    );
    const announcements = (await data<Json[]>(`announcements/${first}`)).data;
    expect(announcements[0]).toEqual(expect.objectContaining({ title: expect.any(String), sticky: "yes" }));
    expect((await data<Json[]>(`eventbadges/${first}`)).data.length).toBeGreaterThan(0);
    expect((await data<Json[]>(`classes/${first}`)).data[0]).toEqual(
      expect.objectContaining({
        name: expect.any(String),
        teacher: expect.any(String),
        room: expect.any(String),
      }),
    );
    expect((await data<Json>(`customfields/${first}`)).data).toEqual(
      expect.objectContaining({ note: "", fields: expect.any(Array) }),
    );
  });

  it("is dated relative to today: points on the latest school day, homework due and detentions ahead", async () => {
    let schoolDay = today;
    while ([0, 6].includes(new Date(`${schoolDay}T00:00:00Z`).getUTCDay()))
      schoolDay = plusDays(schoolDay, -1);
    const { data: todays } = await data<Json[]>(`activity/${first}?from=${schoolDay}&to=${schoolDay}`);
    expect(todays.length).toBeGreaterThanOrEqual(2);
    const pupil = sandbox.data.pupils[0]!;
    const weekAhead = plusDays(today, 7);
    expect(pupil.homework.some((h) => h.due_date >= today && h.due_date <= weekAhead)).toBe(true);
    expect(pupil.detentions.some((d) => d.attended === "pending" && d.date > today)).toBe(true);
  });
});
