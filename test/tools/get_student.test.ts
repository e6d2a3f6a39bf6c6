import { describe, expect, it } from "vitest";
import { SCOPES } from "../../src/domain/scopes.js";
import { callRecords, expectOutputMatches, sharedChecks } from "./harness.js";

describe("get_student", () => {
  sharedChecks("get_student", { studentId: "1" }, { studentId: "" }, /studentId/);

  it("withholds medical detail without sensitive:read and says so", async () => {
    const { structured, text } = await callRecords("get_student", { studentId: "1" });
    expectOutputMatches("get_student", structured);
    expect(text).toMatch(/Ada Test \(id 1\) · Reception/);
    expect(text).toMatch(/Contacts: Jo Test · Mother/);
    expect(text).toMatch(/Withheld without sensitive:read: medical/);
    expect(JSON.stringify(structured)).not.toMatch(/Peanut/);
  });

  it("shows medical detail with sensitive:read", async () => {
    const { structured, text } = await callRecords("get_student", { studentId: "1" }, { scopes: SCOPES });
    expectOutputMatches("get_student", structured);
    expect(text).toMatch(/Peanut allergy/);
    expect(text).not.toMatch(/Withheld/);
  });

  it("says plainly when there is no such student", async () => {
    const { result, text } = await callRecords("get_student", { studentId: "99" });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/No student with id 99/);
  });
});
