import { describe, expect, it } from "vitest";
import { createClock } from "../../src/time/clock.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";
import { callThrough, fanOutChecks, sharedChecks } from "./harness.js";

describe("get_attendance", () => {
  sharedChecks("get_attendance", { groupId: "9R" }, { session: "evening" }, /session/);
  fanOutChecks("get_attendance", { groupId: "9R", date: "2026-12-01" }, "records");

  it("shows a nursery room's day: who is in, collected and not yet arrived", async () => {
    const connector = createTestConnector("acorns");
    connector.getAttendance = async (query) => ({
      records: [{ studentId: "1", studentName: "Ada", date: query.from, session: "day", status: "present" }],
      totals: { sessions: 1, present: 1, late: 0, absent: 0 },
      roomStatus: { present: ["Ada"], collected: ["Bo"], notArrived: [] },
    });
    const runtime = testRuntime([{ connector }], {}, createClock(1, "2026-12-07T13:00:00Z"));
    const { structured, text } = await callThrough(runtime, "get_attendance", { groupId: "Robins" });
    expect(structured).toMatchObject({ from: "2026-12-07", to: "2026-12-07" });
    expect(text).toMatch(/present: Ada\n\s+collected: Bo\n\s+not yet arrived: none/);
    expect(text).toMatch(/- Ada · 2026-12-07 · day · present/);
    await runtime.close();
  });

  it("says what a partial answer lacks and how to continue", async () => {
    const connector = createTestConnector("oakfield");
    connector.getAttendance = async (query) => ({
      records: [{ studentId: "9", date: query.from, session: "am", status: "present", code: "/" }],
      totals: { sessions: 1, present: 1, late: 0, absent: 0 },
      continuation: {
        cursor: "next-1",
        remainingRequests: 28,
        estimatedSeconds: 140,
        reason: "the rate budget",
      },
    });
    const runtime = testRuntime([{ connector }]);
    const { text } = await callThrough(runtime, "get_attendance", {
      connection: "oakfield",
      groupId: "9R",
      date: "2026-12-01",
    });
    expect(text).toMatch(
      /PARTIAL: the rate budget\. Finishing needs 28 request\(s\), about 140 s: call again with cursor "next-1"/,
    );
    await runtime.close();
  });

  it("asks for the connection when a cursor comes without one", async () => {
    const runtime = testRuntime([{ connector: createTestConnector("a") }]);
    const { result, text } = await callThrough(runtime, "get_attendance", { groupId: "9R", cursor: "abc" });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/cursor: pass the connection/);
    await runtime.close();
  });
});
