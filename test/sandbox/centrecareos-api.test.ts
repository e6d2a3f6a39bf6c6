import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { addDays } from "../../src/time/local.js";
import { INSTANTS, ORDINARY_MORNING } from "../providers/centrecareos-harness.js";

/** Raw HTTP against the simulated CentreCareOS, as the portal documents it (no connector involved). */
let sandbox: CentreCareOsSandbox;
let base: string;

async function api(
  path: string,
  options: { method?: string; key?: string | null; body?: unknown } = {},
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON from the sandbox, inspected field by field
): Promise<{ status: number; headers: Headers; json: any }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = options.key === undefined ? sandbox.keys.full : options.key;
  if (key !== null) headers["authorization"] = `Bearer ${key}`;
  const res = await fetch(`${base}${path}`, {
    method: options.method ?? "GET",
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

function expectError(res: { status: number; json: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.json).toEqual({ error: { code, message: expect.any(String), status } });
}

beforeAll(async () => {
  sandbox = await startCentreCareOsSandbox({ seed: 7, clock: createClock(1, ORDINARY_MORNING) });
  base = `${sandbox.url}/api/v1`;
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.state.limits.reset());

describe("auth", () => {
  it("answers 401 INVALID_API_KEY for a missing, malformed, unknown or revoked key", async () => {
    expectError(await api("/students", { key: null }), 401, "INVALID_API_KEY");
    expectError(await api("/students", { key: "ccapi_short" }), 401, "INVALID_API_KEY");
    expectError(await api("/students", { key: `ccapi_${"A".repeat(32)}` }), 401, "INVALID_API_KEY");
    const revoked = await api("/students", { key: sandbox.keys.revoked });
    expectError(revoked, 401, "INVALID_API_KEY");
    expect(revoked.json.error.message).toMatch(/revoked/);
  });

  it("accepts every demo key but the revoked one, and the keys follow the documented format", async () => {
    for (const [name, key] of Object.entries(sandbox.keys)) {
      expect(key).toMatch(/^ccapi_[A-Za-z0-9]{32}$/);
      expect((await api("/rooms", { key })).status).toBe(name === "revoked" ? 401 : 200);
    }
  });
});

describe("scopes", () => {
  it("answers 403 INVALID_SCOPE naming the scope the key lacks", async () => {
    const res = await api("/invoices", { key: sandbox.keys["no-billing"] });
    expectError(res, 403, "INVALID_SCOPE");
    expect(res.json.error.message).toBe("Your API key does not have the required scope: billing:read");
    const write = await api("/attendance/check-in", {
      method: "POST",
      key: sandbox.keys["read-only"],
      body: { studentId: "stu_1001" },
    });
    expect(write.json.error.message).toMatch(/attendance:write$/);
    const send = await api("/messages", {
      method: "POST",
      key: sandbox.keys["no-messages-write"],
      body: { threadId: "thr_801", content: "hi" },
    });
    expect(send.json.error.message).toMatch(/messages:write$/);
  });

  it("lets a key read what its scopes cover", async () => {
    expect((await api("/messages", { key: sandbox.keys["no-messages-write"] })).status).toBe(200);
    expect((await api("/students", { key: sandbox.keys["read-only"] })).status).toBe(200);
  });
});

describe("envelopes and paging", () => {
  it("pages lists with {data, pagination} and caps perPage at 100", async () => {
    const first = await api("/students?perPage=30");
    expect(first.json.pagination).toEqual({ page: 1, perPage: 30, total: 71, hasMore: true });
    expect(first.json.data).toHaveLength(30);
    const last = await api("/students?perPage=30&page=3");
    expect(last.json.pagination).toMatchObject({ page: 3, hasMore: false });
    expect(last.json.data).toHaveLength(11);
    const ids = [
      ...first.json.data,
      ...(await api("/students?perPage=30&page=2")).json.data,
      ...last.json.data,
    ].map((s: { id: string }) => s.id);
    expect(new Set(ids).size).toBe(71);
    expect((await api("/invoices?perPage=500")).json.pagination.perPage).toBe(100);
    expect((await api("/students")).json.pagination.perPage).toBe(50);
  });

  it("refuses bad paging parameters with 400 VALIDATION_ERROR", async () => {
    expectError(await api("/students?page=0"), 400, "VALIDATION_ERROR");
    expectError(await api("/students?perPage=abc"), 400, "VALIDATION_ERROR");
  });

  it("answers single records as {data}", async () => {
    const res = await api("/rooms/room_1");
    expect(res.json.data).toMatchObject({ id: "room_1", name: "Robins", capacity: 9 });
  });

  it("switches to bare arrays and objects, and numbers as strings, when asked", async () => {
    const admin = (body: unknown) =>
      fetch(`${sandbox.url}/__sandbox-centrecareos/variant`, { method: "POST", body: JSON.stringify(body) });
    try {
      expect((await admin({ envelope: "bare", numbersAsStrings: true })).status).toBe(200);
      const list = await api("/rooms?perPage=2");
      expect(Array.isArray(list.json)).toBe(true);
      expect(list.json).toHaveLength(2);
      expect(list.headers.get("x-total-count")).toBe("4");
      expect(list.json[0].capacity).toBe("9");
      const one = await api("/invoices/inv_5001");
      expect(one.json.id).toBe("inv_5001");
      expect(typeof one.json.total).toBe("string");
      expectError(await api("/invoices/inv_0"), 404, "NOT_FOUND");
    } finally {
      await admin({ envelope: "wrapped", numbersAsStrings: false });
    }
    expect(Array.isArray((await api("/rooms")).json.data)).toBe(true);
  });
});

describe("endpoints and filters", () => {
  it("serves rooms with capacity and assigned staff, and the children in a room", async () => {
    const rooms = (await api("/rooms")).json.data;
    expect(rooms.map((r: { name: string }) => r.name)).toEqual(["Robins", "Wrens", "Owls", "Kingfishers"]);
    for (const room of rooms) expect(room.assignedStaff.length).toBeGreaterThan(0);
    const robins = await api("/rooms/room_1/students?perPage=100");
    expect(robins.json.data.length).toBeGreaterThan(0);
    expect(robins.json.data.every((s: { roomId: string }) => s.roomId === "room_1")).toBe(true);
    expectError(await api("/rooms/room_99"), 404, "NOT_FOUND");
    expectError(await api("/rooms/room_99/students"), 404, "NOT_FOUND");
  });

  it("filters students by room, enrolment status and name", async () => {
    const waitlisted = (await api("/students?enrollmentStatus=waitlisted")).json.data;
    expect(waitlisted.length).toBeGreaterThan(0);
    expect(waitlisted.every((s: { enrollmentStatus: string }) => s.enrollmentStatus === "waitlisted")).toBe(
      true,
    );
    const first = (await api("/students/stu_1001")).json.data;
    const found = (await api(`/students?search=${encodeURIComponent(first.lastName.toLowerCase())}`)).json
      .data;
    expect(found.map((s: { id: string }) => s.id)).toContain("stu_1001");
    expectError(await api("/students?enrollmentStatus=graduated"), 400, "VALIDATION_ERROR");
    expectError(await api("/students/stu_9"), 404, "NOT_FOUND");
  });

  it("serves staff, invoices with line items, and payments with filters", async () => {
    const staff = (await api("/staff")).json;
    expect(staff.pagination.total).toBe(14);
    expect((await api(`/staff/${staff.data[0].id}`)).json.data.id).toBe(staff.data[0].id);
    expectError(await api("/staff/stf_1"), 404, "NOT_FOUND");
    for (const status of ["draft", "pending", "paid", "overdue", "partially_paid"]) {
      const list = (await api(`/invoices?status=${status}`)).json;
      expect(list.pagination.total, status).toBeGreaterThan(0);
      expect(list.data.every((i: { status: string }) => i.status === status)).toBe(true);
      expect(list.data[0].lineItems).toBeUndefined();
    }
    expectError(await api("/invoices?status=unpaid"), 400, "VALIDATION_ERROR");
    const invoice = (await api("/invoices/inv_5001")).json.data;
    const sum = invoice.lineItems.reduce((total: number, item: { amount: number }) => total + item.amount, 0);
    expect(Math.round(sum * 100)).toBe(Math.round(invoice.total * 100));
    const paid = (await api("/invoices?status=paid&perPage=1")).json.data[0];
    const payments = (await api(`/payments?invoiceId=${paid.id}`)).json.data;
    expect(payments.some((p: { status: string; amount: number }) => p.status === "succeeded")).toBe(true);
    expect(payments.every((p: { invoiceId: string }) => p.invoiceId === paid.id)).toBe(true);
  });

  it("serves attendance by date, range, room and child", async () => {
    const today = sandbox.state.store.today();
    const room = (await api(`/attendance?date=${today}&roomId=room_2&perPage=100`)).json.data;
    expect(room.length).toBeGreaterThan(5);
    expect(room.every((r: { roomId: string }) => r.roomId === "room_2")).toBe(true);
    const from = addDays(today, -14);
    const child = (await api(`/attendance?from=${from}&to=${today}&studentId=stu_1001`)).json.data;
    expect(child.length).toBeGreaterThan(3);
    expect(child.every((r: { studentId: string }) => r.studentId === "stu_1001")).toBe(true);
    expectError(await api("/attendance?date=2026-02-30"), 400, "VALIDATION_ERROR");
    expectError(await api("/attendance?from=2024-01-01&to=2025-06-01"), 400, "VALIDATION_ERROR");
    expectError(await api(`/attendance?from=${today}&to=${from}`), 400, "VALIDATION_ERROR");
  });

  it("lists message threads newest first and filters by thread", async () => {
    const threads = (await api("/messages")).json.data;
    expect(threads.length).toBeGreaterThanOrEqual(10);
    expect(threads[0].lastMessageAt >= threads[1].lastMessageAt).toBe(true);
    expect(threads[0].messages[0]).toMatchObject({
      senderType: expect.any(String),
      content: expect.any(String),
    });
    const one = (await api(`/messages?threadId=${threads[2].id}`)).json.data;
    expect(one.map((t: { id: string }) => t.id)).toEqual([threads[2].id]);
    expectError(await api("/messages?threadId=thr_0"), 404, "NOT_FOUND");
  });

  it("answers 404 NOT_FOUND for unknown endpoints and methods", async () => {
    expectError(await api("/reports"), 404, "NOT_FOUND");
    expectError(await api("/rooms", { method: "DELETE" }), 404, "NOT_FOUND");
    expectError(await api("/../../etc/passwd"), 404, "NOT_FOUND");
  });
});

describe.each(INSTANTS)("today at $name", (instant) => {
  let now: () => number;
  // Each instant has its own sandbox; the file's afterAll closes the last one.
  beforeAll(async () => {
    await sandbox.close();
    const clock = createClock(1, instant.at);
    now = () => clock.now();
    sandbox = await startCentreCareOsSandbox({ seed: 7, clock });
    base = `${sandbox.url}/api/v1`;
  });

  it("serves the nursery's London day by default, cut at now", async () => {
    const todays = (await api("/attendance?perPage=100")).json.data;
    expect(todays.every((r: { date: string }) => r.date === instant.today)).toBe(true);
    expect(todays.length > 0).toBe(instant.open && instant.arrived !== "none");
    // A fortnight around today, the week ahead (scheduled, every weekday) included.
    const range = `from=${addDays(instant.today, -7)}&to=${addDays(instant.today, 7)}&perPage=100`;
    const allPages: { date: string; checkInAt: string; checkOutAt: string | null }[] = [];
    for (let page = 1, more = true; more; page++) {
      const { data, pagination } = (await api(`/attendance?${range}&page=${page}`)).json;
      allPages.push(...data);
      more = pagination.hasMore;
    }
    expect(allPages.length).toBeGreaterThan(150);
    for (const record of allPages) {
      expect(record.date <= instant.today).toBe(true);
      expect(Date.parse(record.checkInAt)).toBeLessThanOrEqual(now());
      if (record.checkOutAt !== null) expect(Date.parse(record.checkOutAt)).toBeLessThanOrEqual(now());
    }
    const open = todays.filter((r: { checkOutAt: string | null }) => r.checkOutAt === null).length;
    expect(open > 0).toBe(instant.arrived !== "none" && instant.collected !== "all");
    expect(todays.length - open > 0).toBe(instant.collected !== "none");
  });

  it("lists only messages sent by now, newest thread first", async () => {
    const threads: { lastMessageAt: string; messages: { sentAt: string }[] }[] = (await api("/messages")).json
      .data;
    expect(threads.length).toBeGreaterThanOrEqual(10);
    const last = threads.map((t) => Date.parse(t.lastMessageAt));
    expect(last).toEqual([...last].sort((a, b) => b - a));
    expect(
      Math.max(...threads.flatMap((t) => t.messages.map((m) => Date.parse(m.sentAt)))),
    ).toBeLessThanOrEqual(now());
  });
});
