import { describe, expect, it } from "vitest";
import { callRecords, expectOutputMatches, sharedChecks } from "./harness.js";

describe("get_invoice", () => {
  sharedChecks("get_invoice", { invoiceId: "i1" }, { invoiceId: "" }, /invoiceId/);

  it("shows the invoice with its line items", async () => {
    const { structured, text } = await callRecords("get_invoice", { invoiceId: "i1" });
    expectOutputMatches("get_invoice", structured);
    expect(structured).toMatchObject({ invoice: { id: "i1", connection: "a" } });
    expect(text).toMatch(/Invoice INV-001 · overdue · GBP 420\.00 · balance 120\.00 · due 2026-11-30/);
    expect(text).toMatch(/- November fees · ×1 · 420\.00/);
  });

  it("asks which connection when two could answer, rather than guessing", async () => {
    const { result, text } = await callRecords(
      "get_invoice",
      { invoiceId: "i1" },
      { ids: ["north", "south"] },
    );
    expect(result.isError).toBe(true);
    expect(text).toMatch(/name one of north, south/);
  });

  it("says plainly when there is no such invoice", async () => {
    const { result, text } = await callRecords("get_invoice", { invoiceId: "nope" });
    expect(result.isError).toBe(true);
    expect(text).toMatch(/No invoice with id nope/);
  });
});
