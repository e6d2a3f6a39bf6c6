import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_announcements", () => {
  sharedChecks("list_announcements", {}, { studentId: "" }, /studentId/);
  fanOutChecks("list_announcements", {}, "announcements");

  it("lists newest first with each announcement's text", async () => {
    const { structured, text } = await callRecords("list_announcements", {});
    expectOutputMatches("list_announcements", structured);
    expect(text).toMatch(/- 2026-12-03 · Snow day[^\n]*\n[\s\S]*- 2026-12-01 · Nativity play/);
    expect(text).toMatch(/Costumes by Friday, please\./);
    expect(text).toMatch(/School closed\./);
  });
});
