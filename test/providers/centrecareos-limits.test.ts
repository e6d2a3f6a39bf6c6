import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallContext, Connector, ConnectorOperations } from "../../src/domain/connector.js";
import { SCOPES } from "../../src/domain/scopes.js";
import { silentLogger } from "../../src/log.js";
import { createCentreCareOsConnector } from "../../src/providers/centrecareos/index.js";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { createSharedCache } from "../../src/upstream/index.js";

/**
 * The documented 1,000 requests an hour, time-scaled 3,600x on both sides: an hour lasts a second. Demand
 * above the limit must be spread out by our client so the upstream never answers 429.
 */
const SCALE = 3_600;
const ctx: CallContext = { scopes: new Set(SCOPES), caller: "test", logger: silentLogger };
let sandbox: CentreCareOsSandbox;
let connector: Connector & ConnectorOperations;

beforeAll(async () => {
  sandbox = await startCentreCareOsSandbox({ seed: 71, clock: createClock(SCALE) });
  const config = sandbox.connections["little-acorns"];
  if (config?.provider !== "centrecareos") throw new Error("the sandbox should export little-acorns");
  connector = createCentreCareOsConnector("little-acorns", config, {
    logger: silentLogger,
    cache: createSharedCache("memory", { namespace: `ccos-limits-${Date.now()}` }),
    cacheSensitive: false,
    timeScale: SCALE,
  }) as Connector & ConnectorOperations;
});
afterAll(async () => {
  await connector.close();
  await sandbox.close();
});

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
