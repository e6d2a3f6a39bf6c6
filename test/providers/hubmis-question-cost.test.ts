import { describe, expect, it } from "vitest";
import { measureHubmis } from "../bench/hubmis.bench.js";

describe("the ten head-of-year questions over HUBmis", () => {
  it("cost no more than the distinct pages they need cold, and nothing warm", async () => {
    const { rows, distinctPages, repeated, renewals } = await measureHubmis();
    const cold = rows.reduce((total, r) => total + r.coldRequests, 0);
    const warm = rows.reduce((total, r) => total + r.warmRequests, 0);
    expect(rows).toHaveLength(10);
    expect(distinctPages).toBeGreaterThan(100);
    expect(cold).toBeLessThanOrEqual(distinctPages + renewals);
    expect(warm).toBe(0);
    for (const row of rows) expect(row.warmRequests, row.question).toBe(0);
    // The one page a pass may need twice is the token, when the pass outlasts its life.
    for (const [page, times] of repeated) {
      expect(page).toMatch(/POST .*\/token$/);
      expect(times).toBeLessThanOrEqual(1 + renewals);
    }
  }, 120_000);
});
