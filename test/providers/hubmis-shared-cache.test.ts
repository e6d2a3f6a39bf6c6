import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { WITHHELD } from "../../src/domain/index.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { context, type Harness, sensitive, startHarness } from "./hubmis-harness.js";
import { recordingCache } from "./recording-cache.js";

/** Reference paths: academic years and what hangs off them, houses, codes, pastoral categories and levels. */
const REFERENCE = /\/(academic-years|houses$|attendance-codes$|pastoral\/(categories|severity-levels))/;

function referenceHits(h: Harness): number {
  let total = 0;
  for (const [path, times] of h.sandbox.server.stats.byPath) if (REFERENCE.test(path)) total += times;
  return total;
}

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("HUBmis reference data is shared across processes through the cache store", () => {
  it("a second connector on its own client of the same Redis spends no reference requests", async () => {
    harness = await startHarness(60);
    const namespace = `test-hubmis-${randomUUID()}`;
    const first = harness.connect({}, createSharedCache("redis://127.0.0.1:6379", { namespace }));
    const second = harness.connect({}, createSharedCache("redis://127.0.0.1:6379", { namespace }));
    const ctx = context();
    const studentId = String(harness.sandbox.data.students[0]?.id);
    const ask = async (c: typeof first) => {
      await c.listGroups({ kind: "form" }, ctx);
      await c.getSchoolCalendar({}, ctx);
      await c.listWellbeingEvents({ form: "9R", from: "2026-11-23", to: "2026-11-25" }, ctx);
      await c.getAttendance({ studentId, from: "2026-11-23", to: "2026-11-25" }, ctx);
    };
    await ask(first);
    const spent = referenceHits(harness);
    expect(spent).toBeGreaterThanOrEqual(8);
    const before = harness.hits();
    await ask(second);
    expect(referenceHits(harness)).toBe(spent);
    // Every answer, reference or not, came from the shared store: not even a sign-in was needed.
    expect(harness.hits() - before).toBe(0);

    // Keys keep scope isolation: a caller with sensitive:read does not read what the others were given.
    await second.listGroups({ kind: "form" }, sensitive());
    expect(referenceHits(harness)).toBeGreaterThan(spent);
  });
});

describe("HUBmis caches pupil profiles and wellbeing lists without their sensitive parts", () => {
  it("answers them again from the cache for a caller without sensitive:read, holding no medical, SEN or narrative field", async () => {
    harness = await startHarness(60);
    const store = recordingCache();
    const c = harness.connect({}, store.cache);
    const ctx = context();
    const pupil = (await c.listStudents({ groupId: "9R", limit: 1 }, ctx)).items[0];
    expect(pupil).toBeDefined();
    const id = pupil?.id ?? "0";
    const events = () => c.listWellbeingEvents({ yearGroup: "Year 9", status: "open", type: "event" }, ctx);
    const detail = await c.getStudent(id, ctx);
    const first = await events();
    const before = harness.hits();
    expect(await c.getStudent(id, ctx)).toEqual(detail);
    expect(await events()).toEqual(first);
    expect(harness.hits()).toBe(before);

    expect(detail.medical).toBe(WITHHELD);
    expect(first.items.length).toBeGreaterThan(0);
    const narrated = first.items.filter((e) => e.detail !== undefined);
    expect(narrated.length).toBeGreaterThan(0);
    for (const e of narrated) expect(e.detail).toBe(WITHHELD);

    const entries = [...store.written.values()].join("\n");
    expect(entries).not.toMatch(/medical|allerg|learning_support|ehcp|safeguard/i);
    for (const record of harness.sandbox.data.pastoral as Array<{ description?: string }>) {
      if (record.description) expect(entries).not.toContain(record.description);
    }
  });

  it("fetches the whole record for sensitive:read, cached only as the configuration allows", async () => {
    harness = await startHarness(60);
    const c = harness.connect({}, createSharedCache("memory"));
    const ctx = sensitive();
    const pupil = (await c.listStudents({ groupId: "9R", limit: 1 }, ctx)).items[0];
    const id = pupil?.id ?? "0";
    await c.getStudent(id, ctx);
    const before = harness.hits(`/students/${id}`);
    const detail = await c.getStudent(id, ctx);
    expect(detail.medical).not.toBe(WITHHELD);
    // cacheSensitive is off in the harness: the profile is asked for again.
    expect(harness.hits(`/students/${id}`)).toBe(before + 1);
  });
});
