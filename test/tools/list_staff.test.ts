import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_staff", () => {
  sharedChecks("list_staff", {}, { limit: 0 }, /limit/);
  fanOutChecks("list_staff", {}, "staff");

  it("names each member with role and rooms", async () => {
    const { structured, text, connectors } = await callRecords("list_staff", { search: "Pat" });
    expectOutputMatches("list_staff", structured);
    expect(connectors[0]?.calls).toContainEqual({ method: "listStaff", args: { search: "Pat" } });
    expect(text).toMatch(/^2 staff member\(s\)$/m);
    expect(text).toMatch(/- Mrs Patel \(id s1\) · Room lead · Robins · a/);
  });

  it("says when a page is cut and how to get the rest", async () => {
    const { text } = await callRecords(
      "list_staff",
      {},
      {
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (a) a.listStaff = async () => ({ items: [], total: 40, nextCursor: "c2" });
        },
      },
    );
    expect(text).toMatch(/More \(a\): 0 of 40 shown; call again with connection "a" and cursor "c2"/);
  });
});
