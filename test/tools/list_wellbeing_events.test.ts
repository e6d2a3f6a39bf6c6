import { describe, expect, it } from "vitest";
import { SCOPES } from "../../src/domain/scopes.js";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_wellbeing_events", () => {
  sharedChecks("list_wellbeing_events", {}, { type: "note" }, /type/);
  fanOutChecks("list_wellbeing_events", {}, "events");

  it("lists most severe first with title, and withholds the narrative without sensitive:read", async () => {
    const { structured, text } = await callRecords("list_wellbeing_events", {});
    expectOutputMatches("list_wellbeing_events", structured);
    expect(text).toMatch(
      /- 2026-11-20 · plan · high · Safeguarding · active · Bo Test · Support plan\n {2}withheld \(needs sensitive:read\)\n- 2026-12-01 · event · low/,
    );
    expect(text).toMatch(/Upset at break/);
    expect(text).toMatch(/withheld \(needs sensitive:read\)/);
    expect(text).not.toMatch(/designated lead|left her out/);
  });

  it("shows the narrative with sensitive:read", async () => {
    const { text } = await callRecords("list_wellbeing_events", {}, { scopes: SCOPES });
    expect(text).toMatch(/Weekly check-in with the designated lead\./);
    expect(text).toMatch(/Said a friend left her out\./);
  });
});
