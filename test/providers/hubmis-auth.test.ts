/**
 * Contract: HUBmis sign-in through the connector against the sandbox. Token renewal before expiry, one
 * token request for many calls in flight when the upstream drops tokens, and clear errors for a wrong
 * secret, an unknown realm and an unknown academic year, without retry storms.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ConfigurationError, UnauthorizedError } from "../../src/errors.js";
import type { HubmisConnector } from "../../src/providers/hubmis/connector.js";
import { WEDNESDAY } from "../sandbox/hubmis-http.js";
import { context, type Harness, startHarness } from "./hubmis-harness.js";

let h: Harness;
const tokenRequests = () => h.hits("/token");
const day = WEDNESDAY;
/** One upstream request: a pupil's lessons for a day. */
const timetable = (connector: HubmisConnector, id: number) =>
  connector.getTimetable({ studentId: String(id), from: day, to: day }, context());

describe("HUBmis connector sign-in", () => {
  beforeAll(async () => {
    // 60x with five-minute tokens: a HUBmis minute lasts one real second, a token five.
    h = await startHarness(60, { tokenTtlSeconds: 300 });
  });
  afterAll(async () => {
    await h.close();
  });

  it("signs in once for many concurrent first calls, and reports the realm in check()", async () => {
    const connector = h.connect();
    const before = tokenRequests();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => timetable(connector, 5001 + i)));
    expect(results.every((lessons) => lessons.length > 0)).toBe(true);
    expect(tokenRequests() - before).toBe(1);
    expect(connector.auth.tokenRequests).toBe(1);
    expect((await connector.check(context())).detail).toContain("realm S999");
  });

  it("replays the calls in flight on a dropped token with exactly one token request", async () => {
    const connector = h.connect();
    await timetable(connector, 5100);
    // Let the minute pass so the eight calls, the token request and the eight replays fit HUBmis's budget.
    await new Promise((resolve) => setTimeout(resolve, h.clock.toRealMs(61_000)));
    const before = { tokens: tokenRequests(), all: h.hits() };
    h.sandbox.issuer.revokeAll();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => timetable(connector, 5101 + i)));
    expect(results.every((lessons) => lessons.length > 0)).toBe(true);
    expect(tokenRequests() - before.tokens).toBe(1);
    expect(h.hits() - before.all).toBe(8 + 1 + 8);
  });
});

describe("HUBmis connector: wrong credentials and configuration", () => {
  afterEach(async () => {
    await h.close();
  });

  it("renews before expiry across a run longer than several token lifetimes, with no failed call", async () => {
    // One-minute tokens on a 60x clock: a token lives one real second.
    h = await startHarness(60, { tokenTtlSeconds: 60 });
    const connector = h.connect();
    const before = tokenRequests();
    const started = Date.now();
    let calls = 0;
    while (Date.now() - started < 3_500) {
      await timetable(connector, 5200 + calls);
      calls++;
    }
    const lifetimes = (Date.now() - started) / h.clock.toRealMs(60_000);
    const tokens = tokenRequests() - before;
    expect(calls).toBeGreaterThan(20);
    expect(tokens).toBeGreaterThanOrEqual(Math.floor(lifetimes));
    expect(tokens).toBeLessThanOrEqual(Math.ceil(lifetimes) + 1);
  });

  it("says the client credentials were rejected, after one token request for ten calls, and does not storm", async () => {
    h = await startHarness(600);
    const connector = h.connect({ clientSecret: "not-the-secret" });
    const errors = await Promise.all(
      Array.from({ length: 10 }, () => connector.listStaff({}, context()).catch((e: unknown) => e)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as Error).message).toContain("HUBmis rejected the client credentials");
      expect((error as Error).message).not.toContain("not-the-secret");
    }
    expect(tokenRequests()).toBe(1);
    await expect(connector.listGroups({}, context())).rejects.toThrow(UnauthorizedError);
    expect(tokenRequests()).toBe(1);
    expect(h.hits()).toBe(1);
  });

  it("names an unknown realm as a configuration problem, without retrying", async () => {
    h = await startHarness(600);
    const connector = h.connect({ realm: "S123" });
    const error = await connector.check(context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('realm "S123"');
    expect(h.hits("/academic-years")).toBe(1);
  });

  it("names an academic year the school does not have", async () => {
    h = await startHarness(600);
    const connector = h.connect({ academicYearId: "99" });
    await expect(connector.listStudents({}, context())).rejects.toThrow(/academicYearId/);
  });
});
