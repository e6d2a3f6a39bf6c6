import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { type SandboxVariant, SMALL_PAGE_CAP } from "../../src/sandbox/common/variants.js";

/**
 * Raw HTTP against the simulated CentreCareOS under its variants (no connector involved): each reading of
 * the portal is what it says it is, and the default answers exactly as before.
 */
const AT = "2026-07-07T10:30:00Z";
const TODAY = "2026-07-07";
const started: CentreCareOsSandbox[] = [];

async function start(variant?: SandboxVariant) {
  const sandbox = await startCentreCareOsSandbox({
    seed: 7,
    clock: createClock(1, AT),
    ...(variant ? { variant } : {}),
  });
  started.push(sandbox);
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON from the sandbox, inspected field by field
  return async (path: string, init: RequestInit = {}): Promise<{ headers: Headers; json: any }> => {
    const res = await fetch(`${sandbox.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${sandbox.keys.full}`, "content-type": "application/json" },
    });
    return { headers: res.headers, json: await res.json() };
  };
}
afterAll(async () => {
  for (const sandbox of started) await sandbox.close();
});

const PATHS = [
  "/students?perPage=100",
  "/students/stu_1003",
  `/attendance?date=${TODAY}`,
  "/rooms",
  "/staff",
  "/invoices?status=paid",
  "/invoices/inv_5002",
  "/payments?perPage=100",
  "/messages",
];

describe("the default variant", () => {
  it("answers byte for byte as a sandbox started without one", async () => {
    const plain = await start();
    const named = await start("default");
    for (const path of PATHS) expect((await named(path)).json, path).toEqual((await plain(path)).json);
  });
});

describe("filters-ignored", () => {
  let api: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    api = await start("filters-ignored");
  });

  it("applies the date, ignores the child and the room, and answers every day without a date", async () => {
    const day = await api(`/attendance?date=${TODAY}&studentId=stu_1001&perPage=100`);
    const children = new Set(day.json.data.map((r: { studentId: string }) => r.studentId));
    expect(children.size).toBeGreaterThan(10);
    expect(day.json.data.every((r: { date: string }) => r.date === TODAY)).toBe(true);
    const range = await api(`/attendance?from=${TODAY}&to=${TODAY}&perPage=100`);
    expect(new Set(range.json.data.map((r: { date: string }) => r.date)).size).toBeGreaterThan(1);
  });

  it("applies the invoice status but not the child, and ignores every student filter", async () => {
    const paid = await api("/invoices?status=paid&studentId=stu_1001&perPage=100");
    expect(paid.json.data.every((i: { status: string }) => i.status === "paid")).toBe(true);
    expect(new Set(paid.json.data.map((i: { studentId: string }) => i.studentId)).size).toBeGreaterThan(1);
    expect((await api("/students?roomId=room_1&perPage=100")).json.pagination.total).toBe(71);
  });

  it("still picks a thread by threadId, the SDK's filter", async () => {
    expect((await api("/messages?threadId=thr_803")).json.data.map((t: { id: string }) => t.id)).toEqual([
      "thr_803",
    ]);
  });
});

describe("small-pages", () => {
  it("caps every page whatever is asked, and the answer does not say so", async () => {
    const api = await start("small-pages");
    const page = await api("/students?perPage=100");
    expect(page.json.data).toHaveLength(SMALL_PAGE_CAP);
    expect(page.json.pagination).toEqual({ page: 1, total: 71 });
    const last = await api(`/students?perPage=100&page=${Math.ceil(71 / SMALL_PAGE_CAP)}`);
    expect(last.json.data).toHaveLength(71 % SMALL_PAGE_CAP);
  });
});

describe("alt-fields", () => {
  let api: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    api = await start("alt-fields");
  });

  it("answers bare, in snake_case with nested references, numbers as strings, perPage unknown", async () => {
    const students = await api("/students?perPage=100");
    expect(Array.isArray(students.json)).toBe(true);
    // perPage is not its name for the page size: the default page of 50 comes back.
    expect(students.json).toHaveLength(50);
    expect(students.headers.get("x-total-count")).toBe("71");
    expect(students.json[0]).toMatchObject({
      first_name: expect.any(String),
      room: { id: "room_1", name: "Robins" },
    });
    expect((await api("/students?per_page=100")).json).toHaveLength(71);
    const room = (await api("/rooms/room_1")).json;
    expect(room).toMatchObject({
      capacity: "9",
      staff: expect.arrayContaining([{ id: expect.any(String), name: expect.any(String) }]),
    });
  });

  it("serves visits without a room, with wall-clock times, and invoice statuses as names", async () => {
    const [visit] = (await api(`/attendance?date=${TODAY}`)).json;
    expect(Object.keys(visit).sort()).toEqual(
      [
        "attendance_date",
        "check_in_time",
        "check_out_time",
        "checked_in_by",
        "checked_out_by",
        "id",
        "notes",
        "student_id",
      ].sort(),
    );
    expect(visit.check_in_time).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    const partly = (await api("/invoices?status=Partially%20paid&per_page=100")).json;
    expect(partly.length).toBeGreaterThan(0);
    expect(partly.every((i: { status: string }) => i.status === "Partially paid")).toBe(true);
  });

  it("reads the thread filter under its snake_case name only", async () => {
    expect((await api("/messages?threadId=thr_803")).json.length).toBeGreaterThan(1);
    expect((await api("/messages?thread_id=thr_803")).json.map((t: { id: string }) => t.id)).toEqual([
      "thr_803",
    ]);
  });
});

describe("extra-fields, nulls and offsets", () => {
  it("adds fields no document names", async () => {
    const api = await start("extra-fields");
    const list = (await api("/rooms")).json;
    expect(list.meta).toBeDefined();
    expect(list.data[0]).toMatchObject({
      object: "room",
      tenant_id: expect.any(String),
      _links: expect.any(Object),
    });
  });

  it("sends null where a field is optional, and no pagination for a list on one page", async () => {
    const api = await start("nulls");
    const rooms = (await api("/rooms")).json;
    expect(rooms.pagination).toBeNull();
    expect(rooms.data[0].ratio).toBeNull();
    const [visit] = (await api(`/attendance?date=${TODAY}`)).json.data;
    expect(visit.roomId).toBeNull();
    const students = (await api("/students?perPage=100")).json.data;
    expect(students.some((s: { allergies: unknown }) => s.allergies === null)).toBe(true);
  });

  it("writes date-times with London's offset", async () => {
    const api = await start("offsets");
    const [visit] = (await api(`/attendance?date=${TODAY}`)).json.data;
    expect(visit.checkInAt).toMatch(/^2026-07-07T\d{2}:\d{2}:00\+01:00$/);
  });
});

describe("write faults", () => {
  it("fails a write before or after it is made, as asked", async () => {
    const sandbox = await startCentreCareOsSandbox({ seed: 7, clock: createClock(1, AT) });
    started.push(sandbox);
    const send = (content: string) =>
      fetch(`${sandbox.url}/api/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${sandbox.keys.full}`, "content-type": "application/json" },
        body: JSON.stringify({ threadId: "thr_801", content }),
      });
    const sent = () =>
      sandbox.state.store.data.threads.find((t) => t.id === "thr_801")?.messages.map((m) => m.content) ?? [];
    const admin = await fetch(`${sandbox.url}/__sandbox-centrecareos/write-faults`, {
      method: "POST",
      body: JSON.stringify({ faults: ["503-before", "503-after", "malformed-after"] }),
    });
    expect(admin.status).toBe(200);
    expect((await send("one")).status).toBe(503);
    expect(sent()).not.toContain("one");
    expect((await send("two")).status).toBe(503);
    expect(sent()).toContain("two");
    const garbled = await send("three");
    expect(garbled.status).toBe(201);
    await expect(garbled.json()).rejects.toThrow();
    expect(sent()).toContain("three");
    expect((await send("four")).status).toBe(201);
  });
});
