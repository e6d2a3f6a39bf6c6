/**
 * End to end: a nursery manager's day through a real MCP client against the demo stack (the CentreCareOS
 * sandbox, the demo config, the runtime and the tools). Only the CentreCareOS server is started.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Group, Student } from "../../src/domain/index.js";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { type ProviderDemo, resultText, serveProviderDemo } from "./provider-demo.js";

const connection = "little-acorns";
let sandbox: CentreCareOsSandbox;
let demo: ProviderDemo;

interface AttendanceOut {
  records: { studentId: string; status: string }[];
  summaries: { roomStatus?: { present: string[]; collected: string[]; notArrived: string[] } }[];
}

/** Children (of one room, or any) not yet in today, by the sandbox's own state. */
function notArrived(roomId?: string) {
  const { store } = sandbox.state;
  const today = store.today();
  return store.data.students.filter(
    (s) =>
      (roomId === undefined ? s.roomId !== null : s.roomId === roomId) &&
      s.enrollmentStatus === "enrolled" &&
      !store.data.attendance.some((r) => r.date === today && r.studentId === s.id),
  );
}

beforeAll(async () => {
  sandbox = await startCentreCareOsSandbox({ seed: DEFAULT_SEED, clock: createClock(1) });
  demo = await serveProviderDemo(sandbox);
});
afterAll(() => demo.close());

describe("a nursery manager's day", () => {
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
    const visits = sandbox.state.store.data.attendance.filter(
      (r) => r.studentId === child.id && r.date === sandbox.state.store.today(),
    );
    expect(visits).toHaveLength(1);
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
