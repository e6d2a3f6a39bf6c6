import { describe, expect, it } from "vitest";
import { SCOPES } from "../../src/domain/scopes.js";
import type { Caller } from "../../src/server/caller.js";
import { callRecords, expectCleanError, expectOutputMatches, sharedChecks } from "./harness.js";

/** Learning support is sensitive: these connections grant sensitive:read as well. */
const ALL = SCOPES;

describe("list_learning_support", () => {
  sharedChecks("list_learning_support", {}, { yearGroup: "x".repeat(51) }, /yearGroup/);

  it("refuses, asking nothing, where the connection does not grant sensitive:read", async () => {
    const { result, text, connectors } = await callRecords("list_learning_support", {});
    expectCleanError(result, text, /needs the sensitive:read scope/);
    expect(text).toMatch(/nothing was read/);
    expect(connectors[0]?.calls).toEqual([]);
  });

  it("refuses, asking nothing, a caller whose access lacks sensitive:read", async () => {
    const caller: Caller = { name: "t", scopes: new Set(SCOPES.filter((s) => s !== "sensitive:read")) };
    const { result, text, connectors } = await callRecords(
      "list_learning_support",
      {},
      { scopes: ALL, caller },
    );
    expectCleanError(result, text, /needs the sensitive:read scope/);
    expect(connectors[0]?.calls).toEqual([]);
  });

  it("lists a year group's records with need, severity, EHCP and since", async () => {
    const { structured, text, connectors } = await callRecords(
      "list_learning_support",
      { yearGroup: "Year 9" },
      { scopes: ALL },
    );
    expectOutputMatches("list_learning_support", structured);
    expect(connectors[0]?.calls).toContainEqual({
      method: "listLearningSupport",
      args: { yearGroup: "Year 9" },
    });
    expect((structured["records"] as { id: string }[]).map((r) => r.id)).toEqual(["ls1"]);
    expect(text).toMatch(/1 learning support record\(s\)/);
    expect(text).toMatch(/Ava Jones \(id 1\) · Year 9 · Dyslexia · Moderate · Active · since 2025-09-03/);
    expect(text).not.toMatch(/Ben Smith/);
  });

  it("marks an EHCP and labels each record with its connection across two", async () => {
    const { structured, text } = await callRecords(
      "list_learning_support",
      {},
      { scopes: ALL, ids: ["north", "south"] },
    );
    expectOutputMatches("list_learning_support", structured);
    const records = structured["records"] as { id: string; connection?: string }[];
    expect(records).toHaveLength(4);
    expect(new Set(records.map((r) => r.connection))).toEqual(new Set(["north", "south"]));
    expect(text).toMatch(/Ben Smith \(id 2\) · Year 10 · Autism spectrum · EHCP · Active/);
  });

  it("says when the request budget cut the list short", async () => {
    const { structured, text } = await callRecords(
      "list_learning_support",
      {},
      {
        scopes: ALL,
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (a) a.listLearningSupport = async () => ({ records: [], complete: false });
        },
      },
    );
    expectOutputMatches("list_learning_support", structured);
    expect(structured["notes"]).toEqual([
      { connection: "a", message: expect.stringMatching(/cut short by the request budget/) },
    ]);
    expect(text).toMatch(/cut short by the request budget/);
  });
});
