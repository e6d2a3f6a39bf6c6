import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_homework", () => {
  sharedChecks("list_homework", {}, { by: "set_date" }, /by/);
  fanOutChecks("list_homework", {}, "homework");

  it("asks for the coming week by due date and names whose homework it is", async () => {
    const { structured, text, connectors } = await callRecords("list_homework", { from: "2026-12-07" });
    expectOutputMatches("list_homework", structured);
    expect(connectors[0]?.calls).toContainEqual({
      method: "listHomework",
      args: { from: "2026-12-07", to: "2026-12-13", by: "due_date" },
    });
    expect(text).toMatch(/1 homework item\(s\) 2026-12-07 to 2026-12-13/);
    expect(text).toMatch(/- due 2026-12-08 · Ada Test · Maths · Fractions worksheet · todo · Mr Hart/);
  });
});
