import { describe, expect, it } from "vitest";
import { rateLimited } from "../helpers/test-connector.js";
import { callRecords, expectOutputMatches, sharedChecks } from "./harness.js";

describe("diagnose_connection", () => {
  sharedChecks("diagnose_connection", {}, { connection: 7 }, /connection/);

  it("checks every connection and says which one fails and why", async () => {
    const { structured, text } = await callRecords(
      "diagnose_connection",
      {},
      {
        ids: ["north", "south"],
        setup: ({ connectors }) => {
          const south = connectors[1];
          if (south) south.failWith = rateLimited();
        },
      },
    );
    expectOutputMatches("diagnose_connection", structured);
    expect(structured["checks"]).toEqual([
      expect.objectContaining({ connection: "north", ok: true, detail: "ok" }),
      expect.objectContaining({ connection: "south", ok: false, kind: "rate_limited" }),
    ]);
    expect(text).toMatch(/^1\/2 connection\(s\) healthy$/m);
    expect(text).toMatch(/- south \[test\]: FAILED in \d+(\.\d+)? ms: TestProvider rate limit reached/);
  });

  it("checks only the named connection and refuses an unknown one", async () => {
    const one = await callRecords(
      "diagnose_connection",
      { connection: "south" },
      { ids: ["north", "south"] },
    );
    expect((one.structured["checks"] as unknown[]).length).toBe(1);
    expect(one.connectors[0]?.calls).toEqual([]);
    const { result, text } = await callRecords(
      "diagnose_connection",
      { connection: "east" },
      { ids: ["north"] },
    );
    expect(result.isError).toBe(true);
    expect(text).toMatch(/unknown connection "east"\. Use one of: north/);
  });
});
