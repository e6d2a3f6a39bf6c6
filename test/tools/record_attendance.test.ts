import { describe, expect, it } from "vitest";
import type { RecordAttendanceInput } from "../../src/domain/connector.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";
import { callThrough, sharedChecks } from "./harness.js";

function nursery(outcome: "checked_in" | "already_checked_in" | "checked_out") {
  const connector = createTestConnector("acorns", ["recordAttendance"]);
  const writes: RecordAttendanceInput[] = [];
  connector.recordAttendance = async (input) => {
    writes.push(input);
    return {
      outcome,
      record: {
        studentId: input.studentId,
        studentName: "Ada Test",
        date: "2026-12-07",
        session: "day",
        status: "present",
        checkInAt: "2026-12-07T08:05:00+00:00",
        ...(outcome === "checked_out" ? { checkOutAt: "2026-12-07T15:30:00+00:00" } : {}),
      },
    };
  };
  const runtime = testRuntime([{ connector, scopes: ["attendance:read", "attendance:write"] }]);
  return { writes, runtime };
}

describe("record_attendance", () => {
  sharedChecks(
    "record_attendance",
    { studentId: "7", action: "check_in" },
    { note: "x".repeat(501) },
    /note/,
  );

  it("says whom it checked in and when", async () => {
    const { writes, runtime } = nursery("checked_in");
    const { structured, text } = await callThrough(runtime, "record_attendance", {
      studentId: "7",
      action: "check_in",
    });
    expect(writes).toEqual([{ studentId: "7", action: "check_in" }]);
    expect(structured).toMatchObject({ outcome: "checked_in", wrote: true, connection: "acorns" });
    expect(text).toMatch(/Ada Test checked in at 2026-12-07T08:05:00\+00:00\./);
    await runtime.close();
  });

  it("says plainly when nothing changed", async () => {
    const { runtime } = nursery("already_checked_in");
    const { structured, text } = await callThrough(runtime, "record_attendance", {
      studentId: "7",
      action: "check_in",
    });
    expect(structured).toMatchObject({ wrote: false });
    expect(text).toMatch(/Ada Test was already checked in \(2026-12-07T08:05:00\+00:00\); nothing changed\./);
    await runtime.close();
  });

  it("reports the check-out time for a check-out", async () => {
    const { runtime } = nursery("checked_out");
    const { text } = await callThrough(runtime, "record_attendance", { studentId: "7", action: "check_out" });
    expect(text).toMatch(/checked out at 2026-12-07T15:30:00\+00:00/);
    await runtime.close();
  });

  it("refuses an unknown action before any write", async () => {
    const { writes, runtime } = nursery("checked_in");
    const { result, text } = await callThrough(runtime, "record_attendance", {
      studentId: "7",
      action: "teleport",
    });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/action/);
    expect(writes).toHaveLength(0);
    await runtime.close();
  });
});
