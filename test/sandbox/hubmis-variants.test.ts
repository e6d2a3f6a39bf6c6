/**
 * Raw HTTP against each HUBmis sandbox variant: the default answers exactly as a server started without one,
 * and each variant does what src/sandbox/hubmis/variants.ts says (only documented filters, read literally;
 * pages capped without a hint; other names and forms; extra fields; nulls; London offsets).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SMALL_PAGE_CAP } from "../../src/sandbox/common/variants.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { type RawHubmis, startRaw, WEDNESDAY } from "./hubmis-http.js";

type Row = Record<string, unknown>;
const YESTERDAY = addDays(WEDNESDAY, -1);
const PATHS = [
  "/academic-years",
  "/academic-years/12/terms",
  "/academic-years/12/inset-days",
  "/academic-years/12/forms",
  "/students?page[size]=100&filter[enrolmentStatus]=current",
  "/students/5001",
  "/students/5001/contacts",
  "/students/5001/attendance",
  `/students/5001/timetable/calendar?filter[dateFrom]=${mondayOf(WEDNESDAY)}&filter[dateTo]=${WEDNESDAY}`,
  "/pastoral/events?page[size]=100",
  "/staff?page[size]=100",
  "/attendance-codes",
];

const list = (body: unknown): Row[] =>
  (Array.isArray(body) ? body : ((body as { data?: Row[] }).data ?? [])) as Row[];

describe("the HUBmis default sandbox", () => {
  it("answers byte for byte as a server started without a variant", async () => {
    const plain = await startRaw();
    const named = await startRaw({ variant: "default" });
    try {
      for (const path of PATHS) {
        const a = await (await plain.get(path)).text();
        const b = await (await named.get(path)).text();
        expect(b, path).toBe(a);
      }
      const years = (await plain.getJson<Row[]>("/academic-years")).body;
      expect(years.find((y) => y["is_current"] === true)).toHaveProperty("start_date");
    } finally {
      await plain.close();
      await named.close();
    }
  });
});

describe("the filters-ignored sandbox", () => {
  let hub: RawHubmis;
  beforeAll(async () => {
    hub = await startRaw({ variant: "filters-ignored" });
  });
  afterAll(() => hub.close());

  it("ignores the pastoral date range the reference does not name, and every sort", async () => {
    const all = list((await hub.getJson("/pastoral/events?page[size]=100")).body);
    const ranged = list(
      (
        await hub.getJson(
          `/pastoral/events?page[size]=100&filter[dateTime][from]=${WEDNESDAY}&sort[severity]=desc`,
        )
      ).body,
    );
    expect(ranged.map((r) => r["id"])).toEqual(all.map((r) => r["id"]));
  });

  it("ignores staff status given as a word where the reference types a status id", async () => {
    const staff = list((await hub.getJson("/staff?page[size]=100&filter[status]=current")).body);
    expect(staff.some((s) => s["status"] === "past")).toBe(true);
  });

  it("reads attendance date-times as the reference types them: a bare date is 00:00 UTC", async () => {
    const bare = list(
      (
        await hub.getJson(
          `/students/5001/attendance?filter[dateTime][from]=${YESTERDAY}&filter[dateTime][to]=${WEDNESDAY}`,
        )
      ).body,
    );
    expect(new Set(bare.map((m) => m["date"]))).toEqual(new Set([YESTERDAY]));
    const single = list(
      (
        await hub.getJson(
          `/students/5001/attendance?filter[dateTime][from]=${WEDNESDAY}&filter[dateTime][to]=${WEDNESDAY}`,
        )
      ).body,
    );
    expect(single).toEqual([]);
    const timed = list(
      (
        await hub.getJson(
          `/students/5001/attendance?filter[dateTime][from]=${WEDNESDAY}T00:00:00%2B00:00&filter[dateTime][to]=${WEDNESDAY}T23:59:59%2B00:00`,
        )
      ).body,
    );
    expect(timed.map((m) => m["attendance_session"])).toEqual(["am", "pm"]);
  });

  it("answers a lone calendar date with its week", async () => {
    const week = (
      await hub.getJson<{ calendar: Row[] }>(`/students/5001/timetable/calendar?filter[date]=${WEDNESDAY}`)
    ).body.calendar;
    expect(new Set(week.map((l) => l["date"])).size).toBe(5);
  });
});

describe("the small-pages sandbox", () => {
  let hub: RawHubmis;
  beforeAll(async () => {
    hub = await startRaw({ variant: "small-pages" });
  });
  afterAll(() => hub.close());

  it("serves at most the cap a page whatever is asked, with nothing to say so, and pages on truthfully", async () => {
    const first = await hub.getJson<Row[]>("/students?page[size]=100&page[number]=1");
    expect(first.body).toHaveLength(SMALL_PAGE_CAP);
    expect(Array.isArray(first.body)).toBe(true);
    const second = await hub.getJson<Row[]>("/students?page[size]=100&page[number]=2");
    expect(second.body).toHaveLength(SMALL_PAGE_CAP);
    expect(second.body[0]?.["id"]).not.toBe(first.body[0]?.["id"]);
    // Lists the reference does not page come whole.
    expect((await hub.getJson<Row[]>("/academic-years/12/forms")).body).toHaveLength(28);
  });
});

describe("the alt-fields, extra-fields, nulls and offsets sandboxes", () => {
  it("alt-fields: lists under data, the reference's own names, ids as strings, references by id", async () => {
    const hub = await startRaw({ variant: "alt-fields" });
    try {
      const years = (await hub.getJson<{ data: Row[] }>("/academic-years")).body.data;
      expect(years[0]).toMatchObject({ id: expect.any(String), date_start: expect.any(String) });
      expect(years[0]).not.toHaveProperty("is_current");
      const calendar = (
        await hub.getJson<Row[]>(`/students/5001/timetable/calendar?filter[date]=${WEDNESDAY}`)
      ).body;
      expect(Array.isArray(calendar)).toBe(true);
      expect(calendar.some((l) => "time_from" in l)).toBe(true);
      expect(calendar.some((l) => typeof l["start"] === "string" && !("date" in l))).toBe(true);
      expect(calendar.some((l) => "room_id" in l && !("start_time" in l))).toBe(true);
      const events = (await hub.getJson<{ data: Row[] }>("/pastoral/events?page[size]=6")).body.data;
      expect(events.some((e) => "category_id" in e && "time" in e)).toBe(true);
      expect(events.some((e) => typeof e["category"] === "string")).toBe(true);
    } finally {
      await hub.close();
    }
  });

  it("extra-fields, nulls and offsets: unknown fields, nulls where optional, London offsets instead of Z", async () => {
    const extra = await startRaw({ variant: "extra-fields" });
    const nulls = await startRaw({ variant: "nulls" });
    const offsets = await startRaw({ variant: "offsets" });
    try {
      const withExtra = list((await extra.getJson("/students?page[size]=2")).body);
      expect(withExtra[0]).toHaveProperty("_links");
      const years = list((await nulls.getJson("/academic-years")).body);
      expect(years.every((y) => y["is_current"] === null)).toBe(true);
      const marks = list((await offsets.getJson("/students/5001/attendance")).body);
      expect(marks.length).toBeGreaterThan(0);
      for (const m of marks) expect(String(m["date_time"])).toMatch(/[+-]0[01]:00$/);
      expect(JSON.stringify(marks)).not.toMatch(/\d{2}Z"/);
    } finally {
      await extra.close();
      await nulls.close();
      await offsets.close();
    }
  });
});
