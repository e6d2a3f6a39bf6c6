import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_groups", () => {
  sharedChecks("list_groups", {}, { kind: "club" }, /kind/);
  fanOutChecks("list_groups", {}, "groups");

  it("shows a room's occupancy against capacity and its staff", async () => {
    const { structured, text, connectors } = await callRecords("list_groups", { kind: "room" });
    expectOutputMatches("list_groups", structured);
    expect(connectors[0]?.calls).toContainEqual({ method: "listGroups", args: { kind: "room" } });
    expect(text).toMatch(/- Robins \(room, id g1\) · 9\/12 · Mrs Patel · a/);
    expect(text).toMatch(/- 9R \(form, id g2\) · 28 members/);
  });
});
