/**
 * End to end: a nursery manager's day through a real MCP client against the demo stack (the CentreCareOS
 * sandbox, the demo config, the runtime and the tools). Only the CentreCareOS server is started.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Group, StaffMember, Student } from "../../src/domain/index.js";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { type ProviderDemo, resultText, serveProviderDemo } from "./provider-demo.js";

const connection = "little-acorns";
let sandbox: CentreCareOsSandbox;
let demo: ProviderDemo;

interface AttendanceOut {
  from: string;
  to: string;
  records: {
    studentId: string;
    status: string;
    date: string;
    checkInAt?: string | null;
    checkOutAt?: string | null;
  }[];
  summaries: { roomStatus?: { present: string[]; collected: string[]; notArrived: string[] } }[];
}

/** Children (of one room, or any) not yet in today, by what the sandbox serves now. */
function notArrived(roomId?: string) {
  const { store } = sandbox.state;
  const today = store.today();
  const todays = store.attendance().filter((r) => r.date === today);
  return store.data.students.filter(
    (s) =>
      (roomId === undefined ? s.roomId !== null : s.roomId === roomId) &&
      s.enrollmentStatus === "enrolled" &&
      !todays.some((r) => r.studentId === s.id),
  );
}

/** Monday during drop-off: some children in, some still to come. */
const DROP_OFF = "2026-12-07T08:45:00Z";

describe("a nursery manager's day", () => {
  beforeAll(async () => {
    sandbox = await startCentreCareOsSandbox({ seed: DEFAULT_SEED, clock: createClock(1, DROP_OFF) });
    demo = await serveProviderDemo(sandbox);
  });
  afterAll(() => demo.close());

  it("lists the children", async () => {
    const { students } = await demo.call<{ students: Student[] }>("list_students", { connection });
    expect(students).toHaveLength(sandbox.state.store.data.students.length);
    expect(students.every((s) => s.connection === connection)).toBe(true);
  });

  it("answers 'who hasn't arrived in Robins today' with one get_attendance call", async () => {
    const expected = notArrived("room_1").map((s) => `${s.firstName} ${s.lastName}`);
    expect(expected.length).toBeGreaterThan(0);
    const out = await demo.call<AttendanceOut>("get_attendance", { connection, groupId: "Robins" });
    expect(out.summaries[0]?.roomStatus?.notArrived.sort()).toEqual(expected.sort());
  });

  it("lists rooms with capacity, occupancy and staff", async () => {
    const { groups } = await demo.call<{ groups: Group[] }>("list_groups", { connection });
    expect(groups.map((g) => g.name)).toEqual(["Robins", "Wrens", "Owls", "Kingfishers"]);
    expect(groups.every((g) => g.capacity && g.occupancy !== undefined && g.staff?.length)).toBe(true);
  });

  it("how full is Robins right now, and who is its first member of staff? One room and one staff member by id", async () => {
    const { groups } = await demo.call<{ groups: Group[] }>("list_groups", { connection });
    const robins = groups.find((g) => g.name === "Robins");
    const one = await demo.call<{ groups: Group[] }>("list_groups", { connection, id: robins?.id });
    expect(one.groups).toEqual([robins]);
    const room = sandbox.state.store.room(robins?.id ?? "");
    expect(one.groups[0]?.capacity).toBe(room.capacity);
    const staffId = room.assignedStaff[0]?.id ?? "";
    const member = sandbox.state.store.staffMember(staffId);
    const { staff } = await demo.call<{ staff: StaffMember[] }>("list_staff", { connection, id: member.id });
    expect(staff).toHaveLength(1);
    expect(staff[0]).toMatchObject({ id: member.id, firstName: member.firstName, lastName: member.lastName });
    const missing = await demo.raw("list_groups", { connection, id: "no-such-room" });
    expect(missing.isError).toBe(true);
    expect(resultText(missing)).toContain("no room with id");
  });

  it("checks a child in once, and the next get_attendance shows it", async () => {
    const child = notArrived("room_1")[0];
    if (!child) throw new Error("the demo should have a Robin not yet arrived");
    const first = await demo.call<{ outcome: string; wrote: boolean }>("record_attendance", {
      connection,
      studentId: child.id,
      action: "check_in",
    });
    expect(first).toMatchObject({ outcome: "checked_in", wrote: true });
    const again = await demo.call<{ outcome: string; wrote: boolean }>("record_attendance", {
      connection,
      studentId: child.id,
      action: "check_in",
    });
    expect(again).toMatchObject({ outcome: "already_checked_in", wrote: false });
    const out = await demo.call<AttendanceOut>("get_attendance", { connection, groupId: "Robins" });
    expect(out.summaries[0]?.roomStatus?.present).toContain(`${child.firstName} ${child.lastName}`);
    const visits = sandbox.state.store
      .attendance()
      .filter((r) => r.studentId === child.id && r.date === sandbox.state.store.today());
    expect(visits).toHaveLength(1);
  });

  it("enrols a new child in Robins, then updates her record: both through the portal, both read back", async () => {
    type Saved = { action: string; student: Student };
    const created = await demo.call<Saved>("save_student", {
      connection,
      firstName: "Ada",
      lastName: "Lovelace",
      dateOfBirth: "2023-04-01",
      roomId: "Robins",
    });
    expect(created.action).toBe("created");
    const id = created.student.id;
    const stored = sandbox.state.store.data.students.find((s) => String(s.id) === id);
    expect(stored).toMatchObject({ firstName: "Ada", lastName: "Lovelace" });
    const inRobins = await demo.call<{ students: Student[] }>("list_students", {
      connection,
      search: "Lovelace",
    });
    expect(inRobins.students.map((s) => s.id)).toEqual([id]);
    const updated = await demo.call<Saved>("save_student", {
      connection,
      studentId: id,
      firstName: "Augusta",
    });
    expect(updated).toMatchObject({
      action: "updated",
      student: { id, firstName: "Augusta", lastName: "Lovelace" },
    });
    const detail = await demo.call<{ student: Student }>("get_student", { connection, studentId: id });
    expect(detail.student).toMatchObject({ id, firstName: "Augusta", lastName: "Lovelace" });
    const missing = await demo.raw("save_student", { connection, firstName: "Ada" });
    expect(missing.isError).toBe(true);
  });

  it("refuses to check out a child who is not in", async () => {
    const child = notArrived()[0];
    if (!child) throw new Error("the demo should still have a child not yet arrived");
    const result = await demo.raw("record_attendance", {
      connection,
      studentId: child.id,
      action: "check_out",
    });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/not checked in today/);
  });

  it("sends a message to the Robins parents only after confirmation, and only once", async () => {
    const count = () => sandbox.state.store.data.threads.reduce((n, t) => n + t.messages.length, 0);
    const before = count();
    const args = {
      connection,
      recipients: ["Robins"],
      subject: "Pickup",
      content: "Pickup is at 3pm today.",
    };
    const preview = await demo.call<{
      status: string;
      confirmationToken: string;
      preview: { recipients: string[] };
    }>("send_message", args);
    expect(preview.status).toBe("needs_confirmation");
    expect(preview.preview.recipients[0]).toMatch(/^Parents of Robins \(\d+ famil(y|ies)\)$/);
    expect(count()).toBe(before);
    const sent = await demo.call<{ status: string }>("send_message", {
      ...args,
      confirmationToken: preview.confirmationToken,
    });
    expect(sent.status).toBe("sent");
    const repeated = await demo.call<{ status: string }>("send_message", {
      ...args,
      confirmationToken: preview.confirmationToken,
    });
    expect(repeated.status).toBe("already_sent");
    expect(count()).toBe(before + 1);
  });

  it("refuses an oversized message before any preview", async () => {
    const result = await demo.raw("send_message", {
      connection,
      recipients: ["Robins"],
      content: "x".repeat(5_001),
    });
    expect(result.isError).toBe(true);
    expect(resultText(result)).toMatch(/at most 5000/);
  });
});

/** The checks on one whole-nursery get_attendance answer for today, at the instant `now`. */
function expectTodayAt(out: AttendanceOut, today: string, now: number) {
  expect(out).toMatchObject({ from: today, to: today });
  expect(out.records.length).toBeGreaterThan(50);
  for (const record of out.records) {
    expect(record.date).toBe(today);
    if (record.checkInAt) expect(Date.parse(record.checkInAt)).toBeLessThanOrEqual(now);
    if (record.checkOutAt) expect(Date.parse(record.checkOutAt)).toBeLessThanOrEqual(now);
  }
  return (status: string) => out.records.filter((r) => r.status === status).length;
}

describe("the demo's clock", () => {
  it.each([
    ["06:30: nobody in yet", "2026-12-07T06:30:00Z", { checked_in: false, checked_out: false }],
    ["13:00: children in, some collected", "2026-12-07T13:00:00Z", { checked_in: true, checked_out: true }],
    ["12:00 on a Saturday: closed", "2026-12-05T12:00:00Z", { checked_in: false, checked_out: false }],
  ])("get_attendance for little-acorns at %s", async (_name, at, expected) => {
    const clock = createClock(1, at);
    const pinned = await serveProviderDemo(await startCentreCareOsSandbox({ seed: DEFAULT_SEED, clock }));
    try {
      const out = await pinned.call<AttendanceOut>("get_attendance", { connection });
      const count = expectTodayAt(out, at.slice(0, 10), clock.now());
      expect(count("checked_in") > 0).toBe(expected.checked_in);
      expect(count("checked_out") > 0).toBe(expected.checked_out);
      expect(count("not_arrived")).toBeGreaterThan(0);
    } finally {
      await pinned.close();
    }
  });

  it("school-mcp call get_attendance --demo --now 06:30 shows no check-in later than the clock", async () => {
    const at = "2026-12-07T06:30:00Z";
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        "dist/bin/school-mcp.js",
        "call",
        "get_attendance",
        "--demo",
        "--now",
        at,
        "--latency-ms",
        "0",
        "--args",
        JSON.stringify({ connection }),
      ],
      { env: { ...process.env, SCHOOL_MCP_LOG_LEVEL: "warn" }, timeout: 60_000 },
    );
    const out = JSON.parse(stdout) as AttendanceOut;
    // The pinned clock runs on from 06:30 while the command starts; a minute covers it.
    const count = expectTodayAt(out, "2026-12-07", Date.parse(at) + 60_000);
    expect(out.records.every((r) => !r.checkInAt)).toBe(true);
    expect(count("not_arrived")).toBe(out.records.length);
  });
});

describe("the same day against a stand-in that reads the portal differently", () => {
  /** Ten past ten on a Monday: everyone who comes is in, nobody collected yet, for the whole comparison. */
  const MORNING = "2026-12-07T10:10:00Z";
  const ask = async (variant: "default" | "stand-in") => {
    const started = await startCentreCareOsSandbox({
      seed: DEFAULT_SEED,
      clock: createClock(1, MORNING),
      variant,
    });
    const pinned = await serveProviderDemo(started);
    try {
      const students = await pinned.call<{ students: Student[] }>("list_students", { connection });
      const robins = await pinned.call<AttendanceOut>("get_attendance", { connection, groupId: "Robins" });
      const child = robins.records.find((r) => r.status === "checked_in")?.studentId ?? "";
      const days = await pinned.call<AttendanceOut>("get_attendance", {
        connection,
        studentId: child,
        from: "2026-12-02",
        to: "2026-12-07",
      });
      const thread = started.state.store.threads()[3]?.id ?? "";
      const preview = await pinned.call<{ preview: { recipients: string[] } }>("send_message", {
        connection,
        threadId: thread,
        content: "Thank you",
      });
      const waiting = notArrivedIn(started, "room_2")[0]?.id ?? "";
      const checkIn = await pinned.call<{ outcome: string; wrote: boolean; record?: object }>(
        "record_attendance",
        {
          connection,
          studentId: waiting,
          action: "check_in",
        },
      );
      const key = (r: { studentId: string; date: string }) => `${r.date} ${r.studentId}`;
      return {
        students: students.students.map((s) => s.id).sort(),
        robins: robins.summaries[0]?.roomStatus,
        days: days.records.map(key).sort(),
        preview: preview.preview.recipients,
        // Stamped when it was written, a second apart from one run to the other.
        checkIn: { ...checkIn, record: { ...checkIn.record, checkInAt: "(when written)" } },
      };
    } finally {
      await pinned.close();
    }
  };

  it("gives the answers the default sandbox gives", async () => {
    const expected = await ask("default");
    const actual = await ask("stand-in");
    expect(actual).toEqual(expected);
    expect(actual.students).toHaveLength(71);
    expect(actual.days.length).toBeGreaterThan(1);
    expect(actual.checkIn).toMatchObject({ outcome: "checked_in", wrote: true });
  }, 60_000);
});

/** Children of a room with no visit today, by what a given sandbox serves now. */
function notArrivedIn(started: CentreCareOsSandbox, roomId: string) {
  const { store } = started.state;
  const todays = store.attendance().filter((r) => r.date === store.today());
  return store.data.students.filter(
    (s) =>
      s.roomId === roomId && s.enrollmentStatus === "enrolled" && !todays.some((r) => r.studentId === s.id),
  );
}
