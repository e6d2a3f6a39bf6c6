import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { CallContext } from "../../src/domain/connector.js";
import { createReadReport } from "../../src/domain/read-report.js";
import { SCOPES } from "../../src/domain/scopes.js";
import { ConflictError, InvalidResponseError, WriteOutcomeUnknownError } from "../../src/errors.js";
import { UpStudent } from "../../src/providers/centrecareos/wire.js";
import { readAttendance } from "../../src/providers/centrecareos/wire-attendance.js";
import type { CentreCareOsSandboxOptions } from "../../src/sandbox/centrecareos/index.js";
import { SMALL_PAGE_CAP } from "../../src/sandbox/common/variants.js";
import { type CentreCareOsHarness, callContext, startCentreCareOsHarness } from "./centrecareos-harness.js";

/**
 * One test per rule of src/providers/common/trust.ts, each failing when the connector breaks the rule: the
 * readings the independent stand-in took, and the answers they gave, are the cases.
 */
const AT = "2026-12-07T10:30:00Z";
const TODAY = "2026-12-07";

const context = (): CallContext & { report: ReturnType<typeof createReadReport> } => ({
  ...callContext(SCOPES),
  report: createReadReport(),
});

const opened: CentreCareOsHarness[] = [];
async function setup(sandbox: Partial<CentreCareOsSandboxOptions> = {}) {
  const harness = await startCentreCareOsHarness({ seed: 83, at: AT, sandbox });
  opened.push(harness);
  return harness;
}
afterAll(async () => {
  for (const harness of opened) await harness.close();
});

/** A child with no visit today while others are in, by the sandbox's own data. */
function notArrived({ sandbox }: CentreCareOsHarness) {
  const { store } = sandbox.state;
  const todays = store.attendance().filter((r) => r.date === TODAY);
  expect(todays.length).toBeGreaterThan(10);
  const child = store.data.students.find(
    (s) => s.enrollmentStatus === "enrolled" && s.roomId && !todays.some((r) => r.studentId === s.id),
  );
  if (!child) throw new Error("the seed should leave a child not yet arrived");
  return child;
}

const posts = ({ sandbox }: CentreCareOsHarness, path: string) =>
  sandbox.server.stats.byPath.get(`/api/v1/${path}`) ?? 0;

describe("rule 1: a filter the portal does not promise is a hint", () => {
  let harness: CentreCareOsHarness;
  beforeAll(async () => {
    harness = await setup({ variant: "filters-ignored" });
  });

  it("checks in a child whose only visits today are someone else's, instead of 'already checked in'", async () => {
    const child = notArrived(harness);
    const before = posts(harness, "attendance/check-in");
    const result = await harness.connector.recordAttendance(
      { studentId: child.id, action: "check_in" },
      context(),
    );
    expect(result.outcome).toBe("checked_in");
    expect(result.record.studentName).toBe(`${child.firstName} ${child.lastName}`);
    expect(posts(harness, "attendance/check-in")).toBe(before + 1);
  });

  it("refuses a check-out of a child who is not in, though others are, and sends nothing", async () => {
    const child = notArrived(harness);
    const before = posts(harness, "attendance/check-out");
    const attempt = harness.connector.recordAttendance(
      { studentId: child.id, action: "check_out" },
      context(),
    );
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    expect(posts(harness, "attendance/check-out")).toBe(before);
  });

  it("answers one child's four days with that child's days only, and says what it left out", async () => {
    const child = harness.sandbox.state.store.data.students[2];
    const ctx = context();
    const result = await harness.connector.getAttendance(
      { from: "2026-12-02", to: "2026-12-05", studentId: child?.id ?? "" },
      ctx,
    );
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.records.every((r) => r.studentId === child?.id)).toBe(true);
    expect(result.records.every((r) => r.date >= "2026-12-02" && r.date <= "2026-12-05")).toBe(true);
    const [left] = ctx.report.tally().filteredOut;
    expect(left?.what).toBe("attendance records");
    expect(left?.count).toBeGreaterThan(100);
  });

  it("lists a room's children by the room, whatever the roll the server sent", async () => {
    const page = await harness.connector.listStudents({ groupId: "Wrens" }, context());
    const wrens = harness.sandbox.state.store.data.students.filter((s) => s.roomId === "room_2");
    expect(page.items.map((s) => s.id).sort()).toEqual(wrens.map((s) => s.id).sort());
  });
});

describe("rule 1: a thread is the thread asked for", () => {
  it("previews a reply with that thread's people when the server answers every thread", async () => {
    const harness = await setup({ variant: "alt-fields" });
    const thread = harness.sandbox.state.store.threads()[5];
    const people = await harness.connector.resolveRecipients(
      { threadId: thread?.id ?? "", content: "Hi" },
      context(),
    );
    expect(people).toEqual(thread?.participants.map((p) => `${p.name} (${p.type})`));
  });
});

describe("rule 2: open shapes are read tolerantly and never invented", () => {
  it("reads a visit's times in every form, and a time it cannot read makes the visit unreadable", () => {
    const visit = (fields: Record<string, unknown>) => readAttendance({ id: "a", studentId: "s", ...fields });
    // Winter: London is UTC; summer: an hour ahead.
    expect(visit({ date: "2026-12-07", checkInAt: "2026-12-07T08:05:00Z" })?.checkInAt).toBe(
      "2026-12-07T08:05:00Z",
    );
    expect(visit({ date: "2026-07-01", checkInAt: "2026-07-01T08:05:00+01:00" })?.checkInAt).toBe(
      "2026-07-01T07:05:00Z",
    );
    expect(
      readAttendance({ student_id: "s", attendance_date: "2026-07-01", check_in_time: "08:05" }),
    ).toEqual({
      studentId: "s",
      date: "2026-07-01",
      checkInAt: "2026-07-01T07:05:00Z",
    });
    expect(visit({ checkInAt: "2026-07-01 08:05:00" })).toMatchObject({
      date: "2026-07-01",
      checkInAt: "2026-07-01T07:05:00Z",
    });
    // At 00:30 BST the UTC date is the day before: the visit's day is London's.
    expect(visit({ checkInAt: "2026-06-30T23:30:00Z" })?.date).toBe("2026-07-01");
    expect(visit({ date: "2026-07-01", checkInAt: "half past eight" })).toBeUndefined();
    expect(visit({ checkInAt: "08:05" }), "a time with no day has no instant").toBeUndefined();
    expect(visit({ date: "2026-07-01" })).toEqual({ id: "a", studentId: "s", date: "2026-07-01" });
  });

  it("shows allergies the record states, none when it says none, and nothing when it does not say", () => {
    const child = (fields: Record<string, unknown>) =>
      UpStudent.parse({ id: "stu_1", first_name: "Ada", last_name: "Moss", ...fields });
    expect(child({ medical: { allergies: [{ name: "peanuts" }, { allergen: "eggs" }] } }).allergies).toEqual([
      "peanuts",
      "eggs",
    ]);
    expect(child({ allergies: "peanuts, sesame" }).allergies).toEqual(["peanuts", "sesame"]);
    expect(child({ allergies: [{ name: "unspecified" }, "dairy"] }).allergies).toEqual(["dairy"]);
    expect(child({ allergies: ["None"] }).allergies).toEqual([]);
    expect(child({ allergies: null }).allergies).toBeNull();
    expect(child({}).allergies).toBeUndefined();
    expect(child({ medical_notes: "unspecified" }).medicalNotes).toBeUndefined();
  });

  it("answers a child read from nulls without claiming no allergies", async () => {
    const harness = await setup({ variant: "nulls" });
    const child = harness.sandbox.state.store.data.students.find(
      (s) => s.allergies.length === 0 && s.medicalNotes === null,
    );
    const detail = await harness.connector.getStudent(child?.id ?? "", context());
    expect(detail.medical).toEqual({});
  });
});

describe("rule 3: nothing is dropped silently", () => {
  let harness: CentreCareOsHarness;
  beforeAll(async () => {
    harness = await setup();
  });

  it("counts visits it cannot read and answers the rest", async () => {
    const todays = harness.sandbox.state.store.data.attendance.filter((r) => r.date === TODAY);
    // A visit whose child is not named cannot be anyone's: it is counted, not shown or skipped.
    for (const record of todays.slice(0, 3)) Object.assign(record, { studentId: null });
    const ctx = context();
    const result = await harness.connector.getAttendance({ from: TODAY, to: TODAY }, ctx);
    expect(ctx.report.tally().unreadable).toEqual([{ what: "attendance records", count: 3 }]);
    expect(result.records.some((r) => r.status === "checked_in")).toBe(true);
    // Those three children are not known to be absent: the answer says so beside its not-arrived list.
    expect(result.notes).toContain(
      "3 of today's visits could not be read, so a child listed as not arrived may be in.",
    );
  });

  it("fails, saying so, when no visit can be read: never an answer of 'nobody in'", async () => {
    for (const record of harness.sandbox.state.store.data.attendance) {
      if (record.date === "2026-12-04") Object.assign(record, { studentId: null });
    }
    const attempt = harness.connector.getAttendance({ from: "2026-12-04", to: "2026-12-04" }, context());
    await expect(attempt).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(attempt).rejects.toThrow(/none of the \d+ attendance records .* could be read/);
  });
});

describe("rule 4: lists are complete or say they are not", () => {
  let harness: CentreCareOsHarness;
  beforeAll(async () => {
    harness = await setup({ variant: "stand-in" });
  });

  it("reads every child when the server's pages are far smaller than asked and it says nothing", async () => {
    const before = harness.sandbox.server.stats.requests;
    const page = await harness.connector.listStudents({}, context());
    expect(page.items).toHaveLength(71);
    expect(page.nextCursor).toBeUndefined();
    expect(page.total).toBe(71);
    // Ten full pages of seven, then the short page that ends the list.
    expect(harness.sandbox.server.stats.requests - before).toBeGreaterThanOrEqual(
      Math.ceil(71 / SMALL_PAGE_CAP),
    );
  });

  it("meets a limit with a cursor that resumes inside a server page", async () => {
    const first = await harness.connector.listStudents({ limit: 10 }, context());
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).toBeDefined();
    expect(first.total).toBeUndefined();
    const second = await harness.connector.listStudents({ limit: 10, cursor: first.nextCursor }, context());
    const ids = harness.sandbox.state.store.data.students.map((s) => s.id);
    expect([...first.items, ...second.items].map((s) => s.id)).toEqual(ids.slice(0, 20));
  });
});

describe("rule 6: writes verify their outcome", () => {
  let harness: CentreCareOsHarness;
  beforeAll(async () => {
    harness = await setup();
  });
  afterEach(() => {
    harness.sandbox.faults.reset();
    harness.sandbox.state.writeFaults = [];
  });

  it("reports a check-in whose answer was unreadable as done, having read the register back", async () => {
    const child = notArrived(harness);
    harness.sandbox.state.writeFaults = ["malformed-after"];
    const result = await harness.connector.recordAttendance(
      { studentId: child.id, action: "check_in" },
      context(),
    );
    expect(result).toMatchObject({
      outcome: "checked_in",
      record: { studentId: child.id, status: "checked_in" },
    });
  });

  it("reports a check-out lost to a 503 after the service acted as done", async () => {
    const child = notArrived(harness);
    await harness.connector.recordAttendance({ studentId: child.id, action: "check_in" }, context());
    harness.sandbox.state.writeFaults = ["503-after"];
    const result = await harness.connector.recordAttendance(
      { studentId: child.id, action: "check_out" },
      context(),
    );
    expect(result.outcome).toBe("checked_out");
  });

  it("says a check-in may have been done, naming the child, when neither the answer nor a read shows it", async () => {
    const child = notArrived(harness);
    // The gateway fails before the service acts: nothing was written, but nobody can know that from a 503.
    harness.sandbox.state.writeFaults = ["503-before"];
    const attempt = harness.connector.recordAttendance(
      { studentId: child.id, action: "check_in" },
      context(),
    );
    await expect(attempt).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    await expect(attempt).rejects.toThrow(`checking in ${child.firstName} ${child.lastName}`);
  });

  it("reports a change to a child's record lost to a 503 after it was made as saved", async () => {
    harness.sandbox.state.writeFaults = ["503-after"];
    const saved = await harness.connector.saveStudent({ id: "stu_1004", lastName: "Fernside" }, context());
    expect(saved).toMatchObject({ id: "stu_1004", lastName: "Fernside" });
    harness.sandbox.state.writeFaults = ["503-before"];
    const attempt = harness.connector.saveStudent({ id: "stu_1004", lastName: "Ashcombe" }, context());
    await expect(attempt).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
  });

  it("reports a reply whose answer was unreadable as sent, with the message found in its thread", async () => {
    const thread = harness.sandbox.state.store.threads()[2];
    harness.sandbox.state.writeFaults = ["malformed-after"];
    const sent = await harness.connector.sendMessage(
      { threadId: thread?.id ?? "", content: "See you at 3." },
      context(),
    );
    const stored = harness.sandbox.state.store.data.threads.find((t) => t.id === thread?.id)?.messages.at(-1);
    expect(sent).toMatchObject({ threadId: thread?.id, messageId: stored?.id, sentAt: stored?.sentAt });
  });

  it("reports a new thread lost to a 503 after it was made as sent", async () => {
    const parent = harness.sandbox.state.store.data.students[0]?.parents[0];
    harness.sandbox.state.writeFaults = ["503-after"];
    const sent = await harness.connector.sendMessage(
      { recipients: [parent?.id ?? ""], subject: "Forms", content: "Please sign the trip form." },
      context(),
    );
    const stored = harness.sandbox.state.store.data.threads.find((t) => t.id === sent.threadId);
    expect(stored?.subject).toBe("Forms");
    expect(stored?.messages.map((m) => m.id)).toEqual([sent.messageId]);
  });
});
