import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_students", () => {
  sharedChecks("list_students", {}, { enrolmentStatus: "gone" }, /enrolmentStatus/);
  fanOutChecks("list_students", {}, "students");

  it("passes the filters and a default page size, and names each child with an id", async () => {
    const { structured, text, connectors } = await callRecords("list_students", { groupId: "Robins" });
    expectOutputMatches("list_students", structured);
    expect(connectors[0]?.calls).toContainEqual({
      method: "listStudents",
      args: { groupId: "Robins", limit: 100 },
    });
    expect(text).toMatch(/- Ada Test \(id 1\) · Year 9 · a/);
  });

  it("says there is more and how to get it", async () => {
    const { text } = await callRecords(
      "list_students",
      {},
      {
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (a) a.listStudents = async () => ({ items: [], nextCursor: "n1", total: 300 });
        },
      },
    );
    expect(text).toMatch(/more available: pass nextCursor/);
    expect(text).toMatch(/cursor "n1"/);
  });
});
