import { afterEach, describe, expect, it } from "vitest";
import { type CallContext, READ_SCOPES } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import type { HubmisConnection } from "../../src/providers/hubmis/config.js";
import { HubmisConnector } from "../../src/providers/hubmis/connector.js";
import { hubmis } from "../../src/providers/hubmis/provider.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import type { HubmisSandbox } from "../../src/sandbox/hubmis/index.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.js";
import { localToday } from "../../src/time/local.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { WEDNESDAY, WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";

const ctx: CallContext = { scopes: new Set(READ_SCOPES), caller: "t", logger: silentLogger };

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("a HUBmis sandbox whose rate windows run faster than its clock (the demo's default)", () => {
  it("keeps the clock's dates while the sandbox and the connector both allow ten times the requests", async () => {
    const clock = createClock(1, WEDNESDAY_AFTERNOON);
    sandbox = await startSandbox({ providers: [hubmis], clock, rateLimitScale: { hubmis: 10 } });
    expect(sandbox.clock.scale).toBe(1);
    expect(sandbox.rateLimitScale).toEqual({ hubmis: 10 });
    expect(localToday(sandbox.clock, "Europe/London")).toBe(WEDNESDAY);
    const config = sandbox.connections["oakfield"] as HubmisConnection;
    expect(config.rateLimitScale).toBe(10);

    // The sandbox: twelve a window, and the window is six real seconds long.
    const limits = (sandbox.providers["hubmis"] as HubmisSandbox).limits;
    for (let i = 0; i < 12; i++) expect(limits.admit("192.0.2.1").allowed).toBe(true);
    const refused = limits.admit("192.0.2.1");
    expect(refused.allowed).toBe(false);
    const retryAt = Number(refused.headers["x-ratelimit-retry-after"]) * 1000;
    expect(retryAt - Date.now()).toBeLessThanOrEqual(7_000);

    // The connector paces itself to the faster windows, and its answers carry the clock's dates.
    const cache = createSharedCache("memory");
    const connector = new HubmisConnector("oakfield", config, {
      logger: silentLogger,
      cache,
      cacheSensitive: false,
      clock,
    });
    try {
      expect(connector.client.budget().perMinute).toBe(120);
      const calendar = await connector.getSchoolCalendar({}, ctx);
      expect(calendar.terms.some((t) => t.from <= WEDNESDAY && WEDNESDAY <= t.to)).toBe(true);
    } finally {
      await connector.close();
      await cache.close();
    }
  });

  it("runs at the clock's pace when no faster rate is asked for", async () => {
    sandbox = await startSandbox({ providers: [hubmis], clock: createClock(1, WEDNESDAY_AFTERNOON) });
    const config = sandbox.connections["oakfield"] as HubmisConnection;
    expect(config.rateLimitScale).toBeUndefined();
    const cache = createSharedCache("memory");
    const connector = new HubmisConnector("oakfield", config, {
      logger: silentLogger,
      cache,
      cacheSensitive: false,
    });
    try {
      expect(connector.client.budget().perMinute).toBe(12);
    } finally {
      await connector.close();
      await cache.close();
    }
  });
});
