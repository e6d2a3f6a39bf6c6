import { afterEach, describe, expect, it } from "vitest";
import { createClock } from "../../src/sandbox/common/clock.js";
import { type RawHubmis, startRaw, WEDNESDAY_AFTERNOON } from "./hubmis-http.js";

/** Raw HTTP: 12 requests a minute per IP, the per-client bucket, and the X-RateLimit-* headers. */

let hub: RawHubmis | undefined;
afterEach(async () => {
  await hub?.close();
  hub = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("HUBmis sandbox limits", () => {
  it("admits 12 requests a minute per IP, then 429 with the documented headers", async () => {
    // 60x: the minute window lasts one real second.
    const clock = createClock(60, WEDNESDAY_AFTERNOON);
    hub = await startRaw({ clock, perMinute: 12 });
    const token = await hub.signIn(); // the token request is one of the twelve
    const statuses: number[] = [];
    const remaining: string[] = [];
    const firstAt = clock.now();
    for (let i = 0; i < 11; i++) {
      const response = await fetch(`${hub.base}/academic-years`, {
        headers: { authorization: `Bearer ${token}`, realm: "S999" },
      });
      statuses.push(response.status);
      remaining.push(response.headers.get("x-ratelimit-remaining") ?? "");
      expect(response.headers.get("x-ratelimit-limit")).toBe("500");
      expect(response.headers.get("x-ratelimit-retry-after")).toBeNull();
    }
    expect(statuses).toEqual(Array(11).fill(200));
    // Remaining counts the client's 500-request bucket, as the reference documents.
    expect(remaining[0]).toBe("499");
    // Ten more taken; the bucket refills one every 5 s of sandbox time (83 ms real at 60x) meanwhile.
    const refilled = Math.floor((clock.now() - firstAt) / 5_000);
    expect(Number(remaining.at(-1))).toBeGreaterThanOrEqual(489);
    expect(Number(remaining.at(-1))).toBeLessThanOrEqual(489 + refilled);
    const limited = await fetch(`${hub.base}/academic-years`, {
      headers: { authorization: `Bearer ${token}`, realm: "S999" },
    });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      error: "too_many_requests",
      message: "Too Many Attempts.",
      status_code: 429,
    });
    const retryAt = Number(limited.headers.get("x-ratelimit-retry-after"));
    // A Unix timestamp (seconds) on the wall clock, at most a scaled minute away.
    expect(retryAt * 1000).toBeGreaterThanOrEqual(Date.now() - 1000);
    expect(retryAt * 1000).toBeLessThanOrEqual(Date.now() + clock.toRealMs(60_000) + 1000);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    // Refused requests do not occupy the window: once the minute has passed, calls succeed again.
    await sleep(clock.toRealMs(60_000) + 50);
    const after = await fetch(`${hub.base}/academic-years`, {
      headers: { authorization: `Bearer ${token}`, realm: "S999" },
    });
    expect(after.status).toBe(200);
  });

  it("slides the window: a request is admitted exactly when the oldest one leaves the minute", async () => {
    const clock = createClock(60, WEDNESDAY_AFTERNOON);
    hub = await startRaw({ clock, perMinute: 4 });
    const token = await hub.signIn();
    const call = () =>
      fetch(`${hub?.base}/academic-years`, { headers: { authorization: `Bearer ${token}`, realm: "S999" } });
    await call();
    await sleep(clock.toRealMs(30_000));
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
    // 31 s later the sign-in and the first call (t = 0) have left the minute, the two at t = 30 s have not.
    await sleep(clock.toRealMs(31_000));
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(429);
  });

  it("counts unauthenticated requests against the IP too", async () => {
    hub = await startRaw({ clock: createClock(1, WEDNESDAY_AFTERNOON), perMinute: 3 });
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${hub.base}/students`, { headers: { realm: "S999" } });
      expect(response.status).toBe(401);
    }
    const limited = await fetch(`${hub.base}/students`, { headers: { realm: "S999" } });
    expect(limited.status).toBe(429);
  });

  it("drains the per-client bucket and refills one request every 5 simulated seconds", async () => {
    const clock = createClock(100, WEDNESDAY_AFTERNOON);
    hub = await startRaw({ clock, perMinute: 100_000, bucketCapacity: 5 });
    const token = await hub.signIn();
    const call = () =>
      fetch(`${hub?.base}/academic-years`, { headers: { authorization: `Bearer ${token}`, realm: "S999" } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call()).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses[5]).toBe(429);
    await sleep(clock.toRealMs(5_000) + 20);
    const refilled = await call();
    expect(refilled.status).toBe(200);
    expect(refilled.headers.get("x-ratelimit-limit")).toBe("5");
  });
});
