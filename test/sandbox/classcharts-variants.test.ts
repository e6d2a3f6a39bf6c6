/**
 * Raw-HTTP: what each ClassCharts sandbox variant changes, and that the default (the demo's picture) answers
 * byte for byte as before. The connector's side of the same story is test/providers/classcharts-contract.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { type SandboxVariant, SMALL_PAGE_CAP, VARIANT_NAMES } from "../../src/sandbox/common/variants.js";
import { pinnedClock } from "./classcharts-instants.js";
import { parentSession } from "./classcharts-login.js";

type Json = Record<string, unknown>;
type Get = (path: string) => Promise<Json>;
type Raw = (path: string) => Promise<string>;

/** A winter Monday mid-morning and a summer one, so offsets show in both seasons. */
const WINTER = { at: "2026-12-07T10:30:00Z", today: "2026-12-07", friday: "2026-12-04" };
const SUMMER = { at: "2026-06-08T10:30:00Z", today: "2026-06-08", friday: "2026-06-05" };

async function serve(variant: SandboxVariant | undefined, at = WINTER.at) {
  const sandbox = await startClassChartsSandbox({
    seed: 9,
    clock: pinnedClock(at),
    ...(variant ? { variant } : {}),
  });
  const session = await parentSession(sandbox);
  const raw: Raw = async (path) =>
    (
      await fetch(`${sandbox.url}/apiv2parent/${path}`, { headers: { authorization: `Basic ${session}` } })
    ).text();
  const get: Get = async (path) => JSON.parse(await raw(path)) as Json;
  return { sandbox, raw, get, pupil: sandbox.data.parent.pupilIds[0]! };
}

const running: ClassChartsSandbox[] = [];
afterAll(() => Promise.all(running.map((s) => s.close())));

async function started(variant: SandboxVariant | undefined, at?: string) {
  const served = await serve(variant, at);
  running.push(served.sandbox);
  return served;
}

/** The paths every variant answers, as one pupil's week of questions. */
const paths = (pupil: number, day = WINTER) => [
  "pupils",
  `timetable/${pupil}?date=${day.today}`,
  `homeworks/${pupil}?display_date=due_date&from=${day.friday}&to=${day.today}`,
  `activity/${pupil}?from=${day.friday}&to=${day.today}`,
  `behaviour/${pupil}?from=${day.friday}&to=${day.today}`,
  `attendance/${pupil}?from=${day.friday}&to=${day.today}`,
  `detentions/${pupil}`,
  `announcements/${pupil}`,
  `eventbadges/${pupil}`,
  `classes/${pupil}`,
  `customfields/${pupil}`,
];

describe("the default", () => {
  it("answers byte for byte as a sandbox started without a variant", async () => {
    const named = await started("default");
    const unnamed = await started(undefined);
    for (const path of paths(named.pupil)) expect(await named.raw(path), path).toBe(await unnamed.raw(path));
  });
});

describe.each(VARIANT_NAMES.filter((v) => v !== "default"))("the %s variant", (variant) => {
  it("answers every endpoint in the envelope, never an error", async () => {
    const { get, pupil } = await started(variant);
    for (const path of paths(pupil)) {
      const body = await get(path);
      expect(body["success"], path).toBeTruthy();
      expect(body).toHaveProperty("data");
    }
  });
});

describe("filters-ignored: the documented filters, read literally", () => {
  let get: Get;
  let pupil: number;
  beforeAll(async () => {
    ({ get, pupil } = await started("filters-ignored"));
  });

  it("a to date excludes its own day", async () => {
    const { data } = (await get(`attendance/${pupil}?from=${WINTER.friday}&to=${WINTER.today}`)) as {
      data: Json;
    };
    expect(Object.keys(data)).toEqual([WINTER.friday]);
    const homework = (
      await get(`homeworks/${pupil}?display_date=due_date&from=${WINTER.friday}&to=${WINTER.today}`)
    )["data"] as Json[];
    expect(homework.every((h) => String(h["due_date"]) < WINTER.today)).toBe(true);
  });

  it("from on the activity feed is no filter: the feed runs back from to", async () => {
    const { data } = (await get(`activity/${pupil}?from=${WINTER.friday}&to=${WINTER.friday}`)) as {
      data: Json[];
    };
    expect(data).toHaveLength(50);
    expect(data.every((p) => String(p["timestamp"]).slice(0, 10) < WINTER.friday)).toBe(true);
  });
});

describe("small-pages", () => {
  it("pages the activity feed at the cap with a truthful last_id and no step_size", async () => {
    const { get, pupil } = await started("small-pages");
    const first = await get(`activity/${pupil}?from=2026-11-01&to=${WINTER.today}`);
    const data = first["data"] as Json[];
    const meta = first["meta"] as Json;
    expect(data).toHaveLength(SMALL_PAGE_CAP);
    expect(meta["last_id"]).toBe(data.at(-1)!["id"]);
    expect(meta).not.toHaveProperty("step_size");
    const next = await get(`activity/${pupil}?from=2026-11-01&to=${WINTER.today}&last_id=${meta["last_id"]}`);
    expect((next["data"] as Json[])[0]!["id"]).toBeLessThan(Number(meta["last_id"]));
  });
});

describe("alt-fields", () => {
  it("other names and forms: string ids, HH:MM lessons, badge_name, flat detentions, lower-case keys", async () => {
    const { get, pupil } = await started("alt-fields");
    const pupils = await get("pupils");
    expect(pupils["success"]).toBe(true);
    const [child] = pupils["data"] as Json[];
    expect(child).toMatchObject({ id: String(pupil), school: { name: "Kestrel Vale Academy" } });
    expect(child).not.toHaveProperty("name");
    const [lesson] = (await get(`timetable/${pupil}?date=${WINTER.today}`))["data"] as Json[];
    expect(lesson).toMatchObject({ start_time: "08:50", end_time: "09:50", is_break: 0 });
    expect(lesson).toHaveProperty("room");
    expect(lesson).not.toHaveProperty("room_name");
    const activity = await get(`activity/${pupil}?to=${WINTER.friday}`);
    const [point] = activity["data"] as Json[];
    expect(point).toMatchObject({
      id: expect.any(String),
      pupil_id: String(pupil),
      score: expect.any(String),
    });
    expect(point!["timestamp"]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(point).toHaveProperty("badge_name");
    expect((activity["meta"] as Json)["last_id"]).toEqual(expect.any(String));
    const [detention] = (await get(`detentions/${pupil}`))["data"] as Json[];
    expect(detention).toMatchObject({
      pupil_id: String(pupil),
      reason: expect.any(String),
      teacher_name: expect.any(String),
    });
    const marks = (await get(`attendance/${pupil}?from=${WINTER.friday}&to=${WINTER.friday}`))[
      "data"
    ] as Json;
    expect(Object.keys(marks[WINTER.friday] as Json)).toEqual(["am", "pm", "p1", "p2", "p3", "p4", "p5"]);
    expect(((marks[WINTER.friday] as Json)["am"] as Json)["status"]).toMatch(/^[A-Z]/);
  });
});

describe("nulls", () => {
  it("null where optional: empty text, descriptions, an empty meta, the feed's end", async () => {
    const { get, pupil } = await started("nulls");
    const [lesson] = (await get(`timetable/${pupil}?date=${WINTER.today}`))["data"] as Json[];
    expect(lesson!["pupil_note"]).toBeNull();
    const [homework] = (
      await get(`homeworks/${pupil}?display_date=due_date&from=2026-11-01&to=${WINTER.today}`)
    )["data"] as Json[];
    expect(homework).toMatchObject({ description: null, completion_time_value: null });
    const announcements = await get(`announcements/${pupil}`);
    expect(announcements["meta"]).toBeNull();
    const end = await get(`activity/${pupil}?from=${WINTER.friday}&to=${WINTER.today}&last_id=1`);
    expect(end).toMatchObject({ data: null, meta: expect.objectContaining({ last_id: null }) });
  });
});

describe("offsets", () => {
  it("the same instants in UTC: lesson times, points and announcements; homework days as London midnight", async () => {
    const { get, pupil } = await started("offsets", SUMMER.at);
    const [lesson] = (await get(`timetable/${pupil}?date=${SUMMER.today}`))["data"] as Json[];
    expect(lesson).toMatchObject({ start_time: `${SUMMER.today}T07:50:00+00:00` });
    const [point] = (await get(`activity/${pupil}?to=${SUMMER.friday}`))["data"] as Json[];
    expect(point!["timestamp"]).toMatch(/\.000Z$/);
    const [homework] = (
      await get(`homeworks/${pupil}?display_date=due_date&from=2026-05-01&to=${SUMMER.today}`)
    )["data"] as Json[];
    expect(homework!["due_date"]).toMatch(/T23:00:00Z$/);
  });
});

describe("extra-fields", () => {
  it("unknown fields on every record and on the envelope", async () => {
    const { get, pupil } = await started("extra-fields");
    const body = await get(`timetable/${pupil}?date=${WINTER.today}`);
    expect(body).toHaveProperty("request_ref");
    for (const lesson of body["data"] as Json[]) expect(lesson).toHaveProperty("x_sync");
  });
});
