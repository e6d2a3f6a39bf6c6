import { describe, expect, it } from "vitest";
import { SCOPES } from "../../src/domain/scopes.js";
import { callRecords, expectOutputMatches, sharedChecks } from "./harness.js";

describe("list_connections", () => {
  sharedChecks("list_connections", {}, {}, /./);

  it("lists every connection with the scopes this caller may use and what it can answer", async () => {
    const caller = { name: "t", scopes: new Set(SCOPES.filter((s) => s !== "billing:read")) };
    const { structured, text } = await callRecords(
      "list_connections",
      {},
      { ids: ["north", "south"], caller },
    );
    expectOutputMatches("list_connections", structured);
    const connections = structured["connections"] as {
      connection: string;
      scopes: string[];
      capabilities: string[];
    }[];
    expect(connections.map((c) => c.connection)).toEqual(["north", "south"]);
    expect(connections[0]?.scopes).not.toContain("billing:read");
    expect(connections[0]?.capabilities).toContain("listInvoices");
    expect(text).toMatch(/^2 connection\(s\)$/m);
    expect(text).toMatch(/- north: Test school north \[test\] scopes students:read/);
  });
});
