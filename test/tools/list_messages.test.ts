import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_messages", () => {
  sharedChecks("list_messages", {}, { threadId: "" }, /threadId/);
  fanOutChecks("list_messages", {}, "threads");

  it("lists threads with subject, participants and count", async () => {
    const { structured, text } = await callRecords("list_messages", {});
    expectOutputMatches("list_messages", structured);
    expect(text).toMatch(/- Pick-up time \(id t1\) · Mrs Patel, Ada's mum · 2026-12-01T16:00:00Z/);
  });

  it("shows one thread's messages, who sent each and when", async () => {
    const { structured, text } = await callRecords("list_messages", { threadId: "t1" });
    expectOutputMatches("list_messages", structured);
    expect(text).toMatch(/2026-12-01T15:00:00Z · Ada's mum: Grandad collects today\./);
    expect(text).toMatch(/2026-12-01T16:00:00Z · Mrs Patel: Thanks, noted\./);
  });
});
