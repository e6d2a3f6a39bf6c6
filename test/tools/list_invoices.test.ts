import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, fanOutChecks, sharedChecks } from "./harness.js";

describe("list_invoices", () => {
  sharedChecks("list_invoices", {}, { status: "unknown" }, /status/);
  fanOutChecks("list_invoices", {}, "invoices");

  it("shows status, amount, balance and due date", async () => {
    const { structured, text, connectors } = await callRecords("list_invoices", { status: "overdue" });
    expectOutputMatches("list_invoices", structured);
    expect(connectors[0]?.calls).toContainEqual({ method: "listInvoices", args: { status: "overdue" } });
    expect(text).toMatch(
      /- INV-001 \(id i1\) · overdue · GBP 420\.00 · balance 120\.00 · due 2026-11-30 · Ada Test/,
    );
  });

  it("says the currency was not given rather than guessing one", async () => {
    const { text } = await callRecords(
      "list_invoices",
      {},
      {
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (a)
            a.listInvoices = async () => ({ items: [{ id: "x", status: "pending", total: 5 }], total: 3 });
        },
      },
    );
    expect(text).toMatch(/\(currency not given\) 5\.00/);
    expect(text).toMatch(/Incomplete \(a\): 1 of 3 shown\./);
  });
});
