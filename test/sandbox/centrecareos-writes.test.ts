import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { INSTANTS, ORDINARY_MORNING, REPLY_INSTANTS } from "../providers/centrecareos-harness.js";

/** Writes through raw HTTP, and what later reads see, at pinned instants of the nursery's day. */
let sandbox: CentreCareOsSandbox;
let base: string;

async function api(
  path: string,
  options: { method?: string; body?: unknown; rawBody?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: raw JSON from the sandbox, inspected field by field
): Promise<{ status: number; json: any }> {
  const res = await fetch(`${base}${path}`, {
    method: options.method ?? "GET",
    headers: { authorization: `Bearer ${sandbox.keys.full}`, "content-type": "application/json" },
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const post = (path: string, body: unknown) => api(path, { method: "POST", body });

async function startAt(at: string) {
  sandbox = await startCentreCareOsSandbox({ seed: 11, clock: createClock(1, at) });
  base = `${sandbox.url}/api/v1`;
}

/** An enrolled child with no record today, and one checked in now, as the API serves them. */
async function childrenByState() {
  const { store } = sandbox.state;
  const today = store.today();
  const todays: { studentId: string; checkOutAt: string | null }[] = (
    await api(`/attendance?date=${today}&perPage=100`)
  ).json.data;
  const enrolled = store.data.students.filter((s) => s.enrollmentStatus === "enrolled");
  const notArrived = enrolled.filter((s) => !todays.some((r) => r.studentId === s.id));
  const present = enrolled.filter((s) => todays.some((r) => r.studentId === s.id && r.checkOutAt === null));
  return { today, notArrived, present };
}

describe.each(INSTANTS)("attendance writes at $name", (instant) => {
  beforeAll(() => startAt(instant.at));
  afterAll(() => sandbox.close());

  it("a check-in is dated the nursery's today and stamped now, shows in the next read, and a repeat is refused", async () => {
    const { today, notArrived } = await childrenByState();
    expect(today).toBe(instant.today);
    const child = notArrived[0];
    if (!child) throw new Error("the seeded nursery should have children not yet arrived");
    const created = await post("/attendance/check-in", {
      studentId: child.id,
      note: "Dropped off by parent",
    });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ studentId: child.id, date: today, checkOutAt: null });
    const stamped = Date.parse(created.json.data.checkInAt);
    expect(stamped).toBeLessThanOrEqual(sandbox.state.store.clock.now());
    expect(stamped).toBeGreaterThan(Date.parse(instant.at) - 1000);
    const read = await api(`/attendance?date=${today}&studentId=${child.id}`);
    expect(read.json.data).toEqual([created.json.data]);
    const again = await post("/attendance/check-in", { studentId: child.id });
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.stringMatching(/already/),
    });
    expect((await api(`/attendance?date=${today}&studentId=${child.id}`)).json.data).toHaveLength(1);
    // The visit the schedule had for later today is gone: it can never appear beside this one.
    const stored = sandbox.state.store.data.attendance.filter(
      (r) => r.studentId === child.id && r.date === today,
    );
    expect(stored).toHaveLength(1);
  });

  it("checks out a child who is in, and refuses one who is not, writing nothing", async () => {
    const before = await childrenByState();
    let inNow = before.present[0];
    if (!inNow) {
      // Nobody is in yet (before opening, at the weekend, after the last collection): bring one in.
      inNow = before.notArrived[0];
      expect((await post("/attendance/check-in", { studentId: inNow?.id })).status).toBe(201);
    }
    const { today, notArrived } = await childrenByState();
    const away = notArrived.find((s) => s.id !== inNow?.id);
    if (!inNow || !away) throw new Error("the seeded nursery should have children in and not arrived");
    const out = await post("/attendance/check-out", { studentId: inNow.id });
    expect(out.status).toBe(200);
    expect(Date.parse(out.json.data.checkOutAt)).toBeLessThanOrEqual(sandbox.state.store.clock.now());
    const snapshot = JSON.stringify(sandbox.state.store.data.attendance);
    const refused = await post("/attendance/check-out", { studentId: away.id });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toBe(`Student ${away.id} is not checked in`);
    expect(JSON.stringify(sandbox.state.store.data.attendance)).toBe(snapshot);
    const twice = await post("/attendance/check-out", { studentId: inNow.id });
    expect(twice.status).toBe(400);
    const read = await api(`/attendance?date=${today}&studentId=${away.id}`);
    expect(read.json.data).toEqual([]);
  });
});

describe("attendance validation", () => {
  beforeAll(() => startAt(ORDINARY_MORNING));
  afterAll(() => sandbox.close());

  it("validates check-in bodies", async () => {
    expect((await post("/attendance/check-in", {})).json.error.code).toBe("VALIDATION_ERROR");
    expect((await post("/attendance/check-in", { studentId: 1001 })).status).toBe(400);
    expect((await post("/attendance/check-in", { studentId: "stu_1", extra: 1 })).status).toBe(400);
    expect((await post("/attendance/check-in", { studentId: "stu_9999" })).status).toBe(404);
    expect((await post("/attendance/check-in", [1, 2])).status).toBe(400);
    const waitlisted = sandbox.state.store.data.students.find((s) => s.enrollmentStatus === "waitlisted");
    expect((await post("/attendance/check-in", { studentId: waitlisted?.id })).status).toBe(400);
  });
});

describe.each(REPLY_INSTANTS)("a reply at $name", ({ at }) => {
  beforeAll(() => startAt(at));
  afterAll(() => sandbox.close());

  it("is appended to its thread, stamped now, and moves the thread to the top", async () => {
    const threads = (await api("/messages")).json.data;
    const oldest = threads[threads.length - 1];
    const sent = await post("/messages", { threadId: oldest.id, content: "Pickup is at 3pm today." });
    expect(sent.status).toBe(201);
    expect(sent.json.data).toMatchObject({ threadId: oldest.id, content: "Pickup is at 3pm today." });
    expect(Date.parse(sent.json.data.sentAt)).toBeLessThanOrEqual(sandbox.state.store.clock.now());
    const after = (await api("/messages")).json.data;
    expect(after[0].id).toBe(oldest.id);
    expect(after[0].messages.at(-1).id).toBe(sent.json.data.id);
    expect(after[0].lastMessageAt).toBe(sent.json.data.sentAt);
    // Every message served, the reply included, was sent by now.
    const latest = Math.max(
      ...after.flatMap((t: { messages: { sentAt: string }[] }) =>
        t.messages.map((m) => Date.parse(m.sentAt)),
      ),
    );
    expect(latest).toBe(Date.parse(sent.json.data.sentAt));
  });
});

describe("messages", () => {
  beforeAll(() => startAt(ORDINARY_MORNING));
  afterAll(() => sandbox.close());

  it("starts a thread when recipients are given", async () => {
    const parents = sandbox.state.store.data.students.slice(0, 2).map((s) => s.parents[0]?.id);
    const sent = await post("/messages", {
      recipientIds: parents,
      subject: "Trip",
      content: "Farm trip on Friday.",
    });
    expect(sent.status).toBe(201);
    const thread = (await api(`/messages?threadId=${sent.json.data.threadId}`)).json.data[0];
    expect(thread.subject).toBe("Trip");
    expect(thread.participants.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(parents));
    expect(thread.messages).toHaveLength(1);
  });

  it("refuses empty, oversized, unaddressed or wrongly addressed messages", async () => {
    const codeOf = async (body: unknown) => {
      const res = await post("/messages", body);
      return `${res.status} ${res.json.error?.code}`;
    };
    expect(await codeOf({ threadId: "thr_801", content: "" })).toBe("400 VALIDATION_ERROR");
    expect(await codeOf({ threadId: "thr_801", content: "x".repeat(5001) })).toBe("400 VALIDATION_ERROR");
    expect(await codeOf({ content: "hello" })).toBe("400 VALIDATION_ERROR");
    expect(await codeOf({ recipientIds: [], content: "hello" })).toBe("400 VALIDATION_ERROR");
    expect(await codeOf({ recipientIds: ["par_0"], content: "hello" })).toBe("400 VALIDATION_ERROR");
    expect(await codeOf({ threadId: "thr_0", content: "hello" })).toBe("404 NOT_FOUND");
    expect(await codeOf({ threadId: "thr_801", recipientIds: ["par_2001"], content: "x" })).toBe(
      "400 VALIDATION_ERROR",
    );
    expect((await post("/messages", { threadId: "thr_801", content: "x".repeat(5000) })).status).toBe(201);
  });
});

describe("students", () => {
  beforeAll(() => startAt(ORDINARY_MORNING));
  afterAll(() => sandbox.close());

  it("creates a student that later reads see", async () => {
    const created = await post("/students", {
      firstName: "Emma",
      lastName: "Testwick",
      dateOfBirth: "2024-03-15",
      roomId: "room_2",
    });
    expect(created.status).toBe(201);
    const id = created.json.data.id;
    expect((await api(`/students/${id}`)).json.data).toMatchObject({ firstName: "Emma", roomId: "room_2" });
    expect((await api("/students?search=testwick")).json.data.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  it("updates with PATCH (partial) and PUT (full), validating fields", async () => {
    const patched = await api("/students/stu_1002", { method: "PATCH", body: { lastName: "Smithfield" } });
    expect(patched.status).toBe(200);
    expect(patched.json.data.lastName).toBe("Smithfield");
    expect((await api("/students/stu_1002")).json.data.lastName).toBe("Smithfield");
    const put = await api("/students/stu_1002", { method: "PUT", body: { firstName: "Ada" } });
    expect(put.status).toBe(400);
    const bad = [
      { dateOfBirth: "2024-13-01" },
      { dateOfBirth: "2999-01-01" },
      { roomId: "room_9" },
      { enrollmentStatus: "graduated" },
      { firstName: "" },
      { firstName: "x".repeat(101) },
      { nickname: "Ace" },
      {},
    ];
    for (const body of bad) {
      const res = await api("/students/stu_1002", { method: "PATCH", body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.code).toBe("VALIDATION_ERROR");
    }
    expect((await api("/students/stu_0", { method: "PATCH", body: { firstName: "A" } })).status).toBe(404);
    expect((await post("/students", { firstName: "A", lastName: "B" })).status).toBe(400);
  });

  it("answers malformed JSON with 400 in the provider's error shape", async () => {
    const res = await api("/students", { method: "POST", rawBody: '{"firstName": ' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: { code: "VALIDATION_ERROR", message: expect.any(String), status: 400 },
    });
  });
});
