import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("get_progress_reports", () => {
  sharedChecks("get_progress_reports", { studentId: "1" }, { studentId: "" }, /studentId/);
  fanOutChecks("get_progress_reports", { studentId: "1" }, "reports");

  it("lists reports newest first with each subject's grades and comment", async () => {
    const { structured, text, connectors } = await callRecords("get_progress_reports", { studentId: "1" });
    expectOutputMatches("get_progress_reports", structured);
    expect(connectors[0]?.calls).toContainEqual({ method: "listProgressReports", args: { studentId: "1" } });
    expect((structured["reports"] as { id: string }[]).map((r) => r.id)).toEqual(["r2", "r1"]);
    expect(text).toMatch(
      /\n2 progress report\(s\), newest first\n- 2026-12-01 Autumn report · a · Maths \(attainment 6, effort 1\): Excellent progress\.; Art\n- 2026-07-15 Summer report · a · Maths \(attainment 5, effort 2\): Steady work\.$/,
    );
  });

  it("with latest gives only the newest and says how many older ones were left out", async () => {
    const { structured, text } = await callRecords("get_progress_reports", { studentId: "1", latest: true });
    expectOutputMatches("get_progress_reports", structured);
    expect((structured["reports"] as { id: string }[]).map((r) => r.id)).toEqual(["r2"]);
    expect(text).toMatch(/\n1 progress report\(s\), newest first\n- 2026-12-01 Autumn report/);
    expect(text).toMatch(
      /Note \(a\): latest only: 1 older report\(s\) not shown; ask without latest for all/,
    );
    expect(text).not.toMatch(/Summer report/);
  });

  it("picks the newest across connections for latest", async () => {
    const { structured } = await callRecords(
      "get_progress_reports",
      { studentId: "1", latest: true },
      {
        ids: ["north", "south"],
        setup: ({ connectors }) => {
          const south = connectors[1];
          if (south)
            south.listProgressReports = async (q) => [
              { id: "s9", studentId: q.studentId, title: "Mock exams", date: "2026-12-02", subjects: [] },
            ];
        },
      },
    );
    expectOutputMatches("get_progress_reports", structured);
    expect(structured["reports"]).toEqual([expect.objectContaining({ id: "s9", connection: "south" })]);
    expect(structured["notes"]).toEqual([
      { connection: "south", message: expect.stringMatching(/2 older report\(s\) not shown/) },
    ]);
  });

  it("says when a report gives no subjects and when there are none at all", async () => {
    const { text } = await callRecords(
      "get_progress_reports",
      { studentId: "1" },
      {
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (a)
            a.listProgressReports = async (q) => [
              { id: "x", studentId: q.studentId, title: "Interim", date: "2026-10-01", subjects: [] },
            ];
        },
      },
    );
    expect(text).toMatch(/- 2026-10-01 Interim · a · no subjects given/);
  });

  it("says plainly when there is no such student", async () => {
    const { text } = await callRecords("get_progress_reports", { studentId: "99" });
    expect(text).toMatch(/No student with id 99/);
    expect(text).not.toMatch(/\n\s+at /);
  });
});
