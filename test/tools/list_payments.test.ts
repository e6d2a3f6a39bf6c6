import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_payments", () => {
  sharedChecks("list_payments", {}, { limit: "ten" }, /limit/);
  fanOutChecks("list_payments", {}, "payments");

  it("shows date, amount, method and the invoice settled", async () => {
    const { structured, text, connectors } = await callRecords("list_payments", { invoiceId: "i1" });
    expectOutputMatches("list_payments", structured);
    expect(connectors[0]?.calls).toContainEqual({ method: "listPayments", args: { invoiceId: "i1" } });
    expect(text).toMatch(/- 2026-11-20 · GBP 300\.00 · card · invoice i1/);
  });
});
