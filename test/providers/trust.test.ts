import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createReadReport } from "../../src/domain/read-report.js";
import { silentLogger } from "../../src/log.js";
import {
  firstOf,
  keepMatching,
  pageToEnd,
  readEach,
  readRecord,
  sameId,
  withAliases,
} from "../../src/providers/common/trust.js";

const ctx = () => {
  const report = createReadReport();
  return { report, logger: silentLogger };
};

const Event = withAliases(
  { severity: ["severity_level", "level.name"], date_start: ["start_date", "startDate"] },
  z.object({ id: z.union([z.number(), z.string()]), severity: z.string(), date_start: z.string() }),
);

describe("tolerant reading, declared once per record type", () => {
  it("reads the alternatives the documents leave open, nested or flat", () => {
    expect(Event.parse({ id: 1, severity: "High", date_start: "2026-09-01" })).toMatchObject({
      severity: "High",
    });
    expect(Event.parse({ id: 2, severity_level: "Low", start_date: "2026-09-02" })).toMatchObject({
      severity: "Low",
      date_start: "2026-09-02",
    });
    expect(Event.parse({ id: 3, level: { name: "Medium" }, startDate: "2026-09-03" })).toMatchObject({
      severity: "Medium",
    });
  });

  it("never invents a value: a field found under no name stays missing", () => {
    expect(Event.safeParse({ id: 4, date_start: "2026-09-04" }).success).toBe(false);
    expect(firstOf({ a: null, b: "" }, ["a", "b", "c"])).toBeUndefined();
  });
});

describe("nothing dropped silently", () => {
  it("counts unreadable records into the call's report and keeps the rest", () => {
    const c = ctx();
    const items = readEach(
      [{ id: 1, severity: "High", date_start: "x" }, { id: 2 }, { nonsense: true }],
      Event,
      "wellbeing records",
      c,
      "HUBmis",
    );
    expect(items).toHaveLength(1);
    expect(c.report.tally().unreadable).toEqual([{ what: "wellbeing records", count: 2 }]);
  });

  it("fails, saying so, when every record is unreadable: never an answer of none", () => {
    expect(() => readEach([{ id: 1 }, { id: 2 }], Event, "wellbeing records", ctx(), "HUBmis")).toThrow(
      /none of the 2 wellbeing records .* could be read/,
    );
    expect(readEach([], Event, "wellbeing records", ctx(), "HUBmis")).toEqual([]);
  });
});

describe("a cached record is read once per cache entry", () => {
  it("keeps the reading of a frozen record, frozen, and reads an unfrozen one afresh each time", () => {
    let reads = 0;
    const counted = (raw: unknown) => {
      reads++;
      return Event.parse(raw);
    };
    const cached = Object.freeze({ id: 7, severity_level: "High", start_date: "2026-09-07" });
    const first = readRecord(counted, cached);
    expect(readRecord(counted, cached)).toBe(first);
    expect(reads).toBe(1);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toMatchObject({ severity: "High" });

    const fresh = { id: 8, severity: "Low", date_start: "2026-09-08" };
    readRecord(counted, fresh);
    fresh.severity = "Medium";
    expect(readRecord(counted, fresh)).toMatchObject({ severity: "Medium" });
    expect(reads).toBe(3);
  });

  it("keeps an unreadable verdict too, and keeps each reader's reading apart", () => {
    const broken = Object.freeze({ id: 9 });
    expect(readRecord(Event, broken)).toBeUndefined();
    expect(readRecord(Event, broken)).toBeUndefined();
    const idOnly = z.object({ id: z.number() });
    expect(readRecord(idOnly, broken)).toEqual({ id: 9 });
  });
});

describe("a filter is a hint", () => {
  it("applies it again and counts what contradicted it", () => {
    const c = ctx();
    const visits = [{ studentId: 7 }, { studentId: "7" }, { studentId: 8 }];
    const kept = keepMatching(visits, (v) => sameId(v.studentId, "7"), "visits", c);
    expect(kept).toHaveLength(2);
    expect(c.report.tally().filteredOut).toEqual([{ what: "visits", count: 1 }]);
    expect(sameId(undefined, undefined)).toBe(false);
  });
});

describe("lists are complete or say they are not", () => {
  const server = (rows: number, cap: number) => async (index: number) => ({
    items: Array.from({ length: Math.max(0, Math.min(cap, rows - index * cap)) }, (_, i) => index * cap + i),
  });

  it("keeps paging when the server's page is smaller than asked, until a short page", async () => {
    const result = await pageToEnd({ fetch: server(106, 50), maxPages: 10 });
    expect(result.items).toHaveLength(106);
    expect(result.complete).toBe(true);
  });

  it("stops at an empty page when the last page was full", async () => {
    const result = await pageToEnd({ fetch: server(100, 50), maxPages: 10 });
    expect(result.items).toHaveLength(100);
    expect(result.complete).toBe(true);
    expect(result.nextIndex).toBe(3);
  });

  it("keeps paging past a short page while a stated total says more follow", async () => {
    const pages = [[1, 2, 3], [4], [5, 6, 7], []];
    const result = await pageToEnd({
      fetch: async (i) => ({ items: pages[i] ?? [], total: 7 }),
      maxPages: 10,
    });
    expect(result.items).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(result).toMatchObject({ complete: true, nextIndex: 3, total: 7 });
  });

  it("trusts a stated page size or total to stop early, and says when it stopped short", async () => {
    const stated = await pageToEnd({
      fetch: async (i) => ({ items: i === 0 ? [1, 2, 3] : [], pageSize: 100 }),
      maxPages: 10,
    });
    expect(stated.nextIndex).toBe(1);
    const short = await pageToEnd({ fetch: server(106, 50), maxPages: 2 });
    expect(short).toMatchObject({ complete: false, nextIndex: 2 });
    expect(short.items).toHaveLength(100);
    const wanted = await pageToEnd({ fetch: server(106, 50), maxPages: 10, want: 60 });
    expect(wanted).toMatchObject({ complete: false, nextIndex: 2 });
  });
});
