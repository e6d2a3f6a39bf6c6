import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_behaviour", () => {
  sharedChecks("list_behaviour", {}, { from: "1 Dec" }, /from/);
  fanOutChecks("list_behaviour", {}, "events");

  it("gives totals by reason, upcoming detentions and each event", async () => {
    const { structured, text } = await callRecords("list_behaviour", {
      from: "2026-11-20",
      to: "2026-12-10",
    });
    expectOutputMatches("list_behaviour", structured);
    expect(text).toMatch(/Behaviour 2026-11-20 to 2026-12-10/);
    expect(text).toMatch(/a: \+2 \/ -1 \(Kindness 2\)/);
    expect(text).toMatch(
      /Detention 2026-12-09 · 15:30 · Ada Test · Room 4 · attended: pending · Late homework/,
    );
    expect(text).toMatch(/- 2026-12-01 · Ada Test · positive · Kindness · \+2 · Mr Hart/);
  });
});
