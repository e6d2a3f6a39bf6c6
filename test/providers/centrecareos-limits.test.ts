import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import {
  type CentreCareOsHarness,
  type CentreCareOsOps,
  callContext,
  startCentreCareOsHarness,
} from "./centrecareos-harness.js";

/**
 * The documented 1,000 requests an hour, time-scaled 3,600x on both sides: an hour lasts a second. Demand
 * above the limit must be spread out by our client so the upstream never answers 429.
 */
const SCALE = 3_600;
const ctx = callContext();
let harness: CentreCareOsHarness;
let sandbox: CentreCareOsSandbox;
let connector: CentreCareOsOps;

beforeAll(async () => {
  harness = await startCentreCareOsHarness({ seed: 71, scale: SCALE });
  ({ sandbox, connector } = harness);
});
afterAll(() => harness.close());

describe("rate limits under steady demand", () => {
  it("spreads 1,500 requests over the hourly window with zero 429s", async () => {
    // Distinct searches: identical concurrent reads would be coalesced into one request.
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 1_500 }, (_, i) => connector.listStudents({ search: `child ${i}` }, ctx)),
    );
    const elapsed = Date.now() - started;
    expect(results).toHaveLength(1_500);
    expect(sandbox.state.limits.rejected).toBe(0);
    // One request each, plus the room list that names rooms (cached after the first).
    expect(sandbox.server.stats.requests).toBe(1_501);
    // 1,000 fit in the first simulated hour; the other 500 had to wait for the window to move on.
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    console.log(
      `1,500 searches in ${elapsed} ms at ${SCALE}x: ${Math.round(1_500 / (elapsed / 1000))} requests/s, no 429`,
    );
  });
});
