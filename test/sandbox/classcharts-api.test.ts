/** Raw-HTTP contract: the ClassCharts sandbox's API endpoints, envelopes, paging and error shapes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TIME_ZONE } from "../../src/providers/classcharts/endpoints.js";
import { pointsSoFar } from "../../src/sandbox/classcharts/behaviour.js";
import { asOf, londonEpoch, previousSchoolDay } from "../../src/sandbox/classcharts/dates.js";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { createClock } from "../../src/time/clock.js";
import { addDays, isWeekend, localToday } from "../../src/time/local.js";
import { INSTANTS, pinnedClock } from "./classcharts-instants.js";
import { parentSession } from "./classcharts-login.js";

type Json = Record<string, unknown>;
type Envelope = { success: number; data: unknown; meta: unknown; error?: string; expired?: number };
type Get = (path: string) => Promise<{ status: number; body: Envelope }>;

/** Signs the sandbox's parent in and returns GET under /apiv2parent with that session. */
async function signIn(sandbox: ClassChartsSandbox): Promise<Get> {
  const session = await parentSession(sandbox);
  return async (path) => {
    const response = await fetch(`${sandbox.url}/apiv2parent/${path}`, {
      headers: { authorization: `Basic ${session}` },
    });
    return { status: response.status, body: (await response.json()) as Envelope };
  };
}

async function answer<T = Json[]>(get: Get, path: string): Promise<{ data: T; meta: Json }> {
  const { status, body } = await get(path);
  expect(status, path).toBe(200);
  expect(body.success, path).toBe(1);
  return { data: body.data as T, meta: body.meta as Json };
}

/** Every activity item in a range, paged by last_id. */
async function wholeFeed(get: Get, pupil: number, from: string, to: string): Promise<Json[]> {
  const items: Json[] = [];
  let lastId: unknown;
  for (;;) {
    const query = `from=${from}&to=${to}${lastId ? `&last_id=${lastId}` : ""}`;
    const { data, meta } = await answer(get, `activity/${pupil}?${query}`);
    if (data.length === 0) return items;
    items.push(...data);
    lastId = meta["last_id"];
  }
}

const dayOf = (item: Json) => String(item["timestamp"]).slice(0, 10);

describe("the service's shapes", () => {
  // The wall clock: these hold at any hour, and "today" is read from the sandbox's own clock.
  const clock = createClock(1);
  const today = () => localToday(clock, TIME_ZONE);
  let sandbox: ClassChartsSandbox;
  let get: Get;
  let first: number;
  let second: number;
  const data = <T = Json[]>(path: string) => answer<T>(get, path);

  beforeAll(async () => {
    sandbox = await startClassChartsSandbox({ seed: 11, clock });
    [first, second] = sandbox.data.parent.pupilIds as [number, number];
    get = await signIn(sandbox);
  });
  afterAll(() => sandbox.close());

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
        const reply = await get(path);
        expect(reply.status, path).toBe(status);
        expect(reply.body, path).toEqual({ success: 0, error, expired: 0, data: null, meta: null });
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
        const query = `from=${from}&to=${today()}${lastId ? `&last_id=${lastId}` : ""}`;
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
      const given = pointsSoFar(sandbox.data.pupils[0]!.activity, asOf(clock));
      expect(pages).toBeGreaterThanOrEqual(4);
      expect(seen).toEqual(given.map((p) => p.id));
      expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    });

    it("from and to bound the feed", async () => {
      const from = addDays(today(), -14);
      const { data: items } = await data<Json[]>(`activity/${first}?from=${from}&to=${today()}`);
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) expect(dayOf(item) >= from).toBe(true);
    });

    it("behaviour totals agree with the activity in the range", async () => {
      const from = sandbox.data.termStart;
      const { data: totals } = await data<Json>(`behaviour/${first}?from=${from}&to=${today()}`);
      const positive = Object.values(totals["positive_reasons"] as Record<string, number>).reduce(
        (a, b) => a + b,
      );
      const expected = pointsSoFar(sandbox.data.pupils[0]!.activity, asOf(clock))
        .filter((p) => p.polarity === "positive")
        .reduce((sum, p) => sum + p.score, 0);
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
      const to = today();
      const from = addDays(to, -7);
      const byDue = await data<Json[]>(`homeworks/${first}?display_date=due_date&from=${from}&to=${to}`);
      for (const h of byDue.data)
        expect((h["due_date"] as string) >= from && (h["due_date"] as string) <= to).toBe(true);
      const byIssue = await data<Json[]>(`homeworks/${first}?display_date=issue_date&from=${from}&to=${to}`);
      for (const h of byIssue.data) expect((h["issue_date"] as string) >= from).toBe(true);
      expect(byDue.meta).toMatchObject({ display_type: "due_date", this_week_due_count: expect.any(Number) });
      const states = new Set(sandbox.data.pupils[0]!.homework.map((h) => h.status.state));
      expect(states).toEqual(new Set([null, "completed", "late", "not_completed"]));
    });

    it("the timetable answers one day with local times, breaks marked, nothing at weekends", async () => {
      let weekday = today();
      while (isWeekend(weekday)) weekday = addDays(weekday, 1);
      const { data: lessons, meta } = await data<Json[]>(`timetable/${first}?date=${weekday}`);
      expect(lessons).toHaveLength(7);
      expect(lessons.filter((l) => l["is_break"])).toHaveLength(2);
      expect(lessons[0]).toMatchObject({ period_name: "P1", date: weekday });
      expect(lessons[0]!["start_time"]).toMatch(new RegExp(`^${weekday}T08:50:00\\+0[01]:00$`));
      expect(meta["periods"]).toContainEqual({ number: "1", start_time: "08:50", end_time: "09:50" });
      let weekend = today();
      while (!isWeekend(weekend)) weekend = addDays(weekend, 1);
      expect((await data<Json[]>(`timetable/${first}?date=${weekend}`)).data).toEqual([]);
    });

    it("lesson times carry London's offset: +01:00 in summer, +00:00 in winter", async () => {
      const summer = await data<Json[]>(`timetable/${first}?date=2026-07-01`);
      expect(summer.data[0]!["start_time"]).toBe("2026-07-01T08:50:00+01:00");
      const winter = await data<Json[]>(`timetable/${first}?date=2026-12-02`);
      expect(winter.data[0]!["start_time"]).toBe("2026-12-02T08:50:00+00:00");
    });

    it("attendance maps dates to sessions and lessons, with the percentage as the service spells it", async () => {
      const to = today();
      const from = addDays(to, -28);
      const { data: days, meta } = await data<Record<string, Record<string, Json>>>(
        `attendance/${first}?from=${from}&to=${to}`,
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
      expect(body).toMatchObject({
        success: 0,
        expired: 0,
        error: "Attendance is not enabled for this pupil",
      });
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
  });
});

describe.each(INSTANTS)("at $label ($at)", (instant) => {
  const clock = pinnedClock(instant.at);
  const now = Date.parse(instant.at);
  const schoolDay = !isWeekend(instant.today);
  let sandbox: ClassChartsSandbox;
  let get: Get;
  let first: number;
  const data = <T = Json[]>(path: string) => answer<T>(get, path);

  beforeAll(async () => {
    sandbox = await startClassChartsSandbox({ seed: 11, clock });
    first = sandbox.data.parent.pupilIds[0]!;
    get = await signIn(sandbox);
  });
  afterAll(() => sandbox.close());

  it("the sandbox's today is the London day, and its defaults end there", async () => {
    expect(sandbox.data.startDay).toBe(instant.today);
    expect((await data(`attendance/${first}`)).meta["end_date"]).toBe(instant.today);
    expect((await data<Json>(`behaviour/${first}`)).meta["end_date"]).toBe(instant.today);
    const { data: lessons } = await data<Json[]>(`timetable/${first}?date=${instant.today}`);
    expect(lessons.length).toBe(schoolDay ? 7 : 0);
    for (const lesson of lessons) expect(String(lesson["start_time"]).slice(0, 10)).toBe(instant.today);
  });

  it("today's registers are the ones taken by now; earlier days are whole; none later", async () => {
    const { data: days } = await data<Record<string, Json>>(
      `attendance/${first}?from=${sandbox.data.termStart}&to=${sandbox.data.horizon}`,
    );
    expect(Object.keys(days).every((date) => date <= instant.today)).toBe(true);
    expect(Object.keys(days[instant.today] ?? {}).sort()).toEqual(instant.marks);
    expect(Object.keys(days[previousSchoolDay(instant.today)]!)).toHaveLength(7);
    // The day's marks exist in the data; the clock, not their absence, keeps the later ones out.
    const generated = sandbox.data.pupils[0]!.attendance[instant.today];
    expect(Object.keys(generated ?? {})).toHaveLength(schoolDay ? 7 : 0);
  });

  it("points: today's given so far, the last school day's all there, none after now", async () => {
    const feed = await wholeFeed(get, first, sandbox.data.termStart, sandbox.data.horizon);
    expect(feed.every((p) => Date.parse(String(p["timestamp"])) <= now)).toBe(true);
    const todays = feed.filter((p) => dayOf(p) === instant.today);
    const generated = sandbox.data.pupils[0]!.activity.filter((p) => p.timestamp.startsWith(instant.today));
    expect(generated.length).toBeGreaterThanOrEqual(schoolDay ? 2 : 0);
    if (instant.points === "none") expect(todays).toEqual([]);
    if (instant.points === "some") {
      expect(todays.length).toBeGreaterThanOrEqual(1);
      expect(todays.length).toBeLessThanOrEqual(generated.length);
    }
    if (instant.points === "all") expect(todays.map((p) => p["id"])).toEqual(generated.map((p) => p.id));
    const lastSchoolDay = previousSchoolDay(instant.today);
    expect(feed.filter((p) => dayOf(p) === lastSchoolDay).length).toBeGreaterThanOrEqual(2);
    const badges = (await data<Json[]>(`eventbadges/${first}`)).data.flatMap(
      (b) => b["pupil_badges"] as Json[],
    );
    expect(badges.every((b) => Date.parse(String(b["timestamp"])) <= now)).toBe(true);
  });

  it("homework is published no later than now, seen only once evening has come, with work due ahead", async () => {
    const { data: set } = await data(
      `homeworks/${first}?display_date=issue_date&from=${sandbox.data.termStart}&to=${sandbox.data.horizon}`,
    );
    expect(set.length).toBeGreaterThan(30);
    expect(set.length).toBeLessThan(sandbox.data.pupils[0]!.homework.length);
    for (const h of set) {
      const issue = String(h["issue_date"]);
      expect(issue <= instant.today).toBe(true);
      expect(londonEpoch(issue, String(h["publish_time"]).slice(11))).toBeLessThanOrEqual(now);
      const seen = (h["status"] as Json)["first_seen_date"];
      if (seen !== null) expect(londonEpoch(issue, String(seen).slice(11))).toBeLessThanOrEqual(now);
    }
    const weekAhead = addDays(instant.today, 7);
    const due = await data(`homeworks/${first}?display_date=due_date&from=${instant.today}&to=${weekAhead}`);
    expect(due.data.length).toBeGreaterThan(0);
  });

  it("detentions booked ahead are pending, and none has an outcome before it has ended", async () => {
    const { data: detentions } = await data(`detentions/${first}`);
    const pending = detentions.filter((d) => d["attended"] === "pending");
    expect(pending).toHaveLength(2);
    expect(pending.every((d) => String(d["date"]) > instant.today)).toBe(true);
    for (const d of detentions.filter((d) => d["attended"] !== "pending")) {
      const end = londonEpoch(String(d["date"]), String(d["time"])) + Number(d["length"]) * 60_000;
      expect(end).toBeLessThanOrEqual(now);
    }
    const [pupil] = (await data(`pupils`)).data;
    expect(pupil).toMatchObject({ detention_pending_count: 2, announcements_count: 6 });
  });

  it("announcements are all sent by now, newest first", async () => {
    const { data: announcements } = await data(`announcements/${first}`);
    expect(announcements).toHaveLength(6);
    expect(announcements.every((a) => Date.parse(String(a["timestamp"])) <= now)).toBe(true);
    expect(String(announcements[0]!["timestamp"]).slice(0, 10)).toBe(addDays(instant.today, -2));
  });
});

describe("crossing midnight", () => {
  it("today's registers and points start afresh at London midnight; yesterday's stay as they were", async () => {
    // Four seconds before midnight at the real pace: the first look is before it, the second after.
    const clock = createClock(1, "2026-12-02T23:59:56Z");
    const midnight = Date.parse("2026-12-03T00:00:00Z");
    const sandbox = await startClassChartsSandbox({ seed: 11, clock });
    try {
      const get = await signIn(sandbox);
      const first = sandbox.data.parent.pupilIds[0]!;
      const look = async () => ({
        days: (await answer<Record<string, Json>>(get, `attendance/${first}?from=2026-12-02&to=2026-12-03`))
          .data,
        feed: await wholeFeed(get, first, "2026-12-02", "2026-12-03"),
        endDate: (await answer(get, `attendance/${first}`)).meta["end_date"],
      });
      const before = await look();
      expect(clock.now()).toBeLessThan(midnight);
      expect(before.endDate).toBe("2026-12-02");
      expect(Object.keys(before.days)).toEqual(["2026-12-02"]);
      expect(Object.keys(before.days["2026-12-02"]!)).toHaveLength(7);
      expect(before.feed.length).toBeGreaterThanOrEqual(2);
      expect(before.feed.every((p) => dayOf(p) === "2026-12-02")).toBe(true);

      await new Promise((resolve) => setTimeout(resolve, clock.toRealMs(midnight - clock.now()) + 250));
      const after = await look();
      expect(clock.now()).toBeGreaterThan(midnight);
      expect(after.endDate).toBe("2026-12-03");
      expect(after.days).toEqual(before.days);
      expect(after.feed).toEqual(before.feed);
    } finally {
      await sandbox.close();
    }
  });
});
