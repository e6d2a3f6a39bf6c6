import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../../src/errors.js";
import { RateGate, UpstreamClient, type UpstreamClientConfig } from "../../src/upstream/index.js";
import { DEFAULT_MAX_PAUSE_MS as MAX_PAUSE_MS } from "../../src/upstream/rate-limit.js";
import {
  clientOptions,
  FakeServer,
  fakeUpstreamHarness,
  SlidingWindow,
  sendJson,
  sleep,
} from "./fake-server.js";

const { cleanups } = fakeUpstreamHarness();

/** HUBmis's documented 12 a minute, run 60 times faster: 12 per second. */
const TIME_SCALE = 60;
const HUBMIS_WINDOW = { limit: 12, intervalMs: 60_000 };

async function strictUpstream() {
  const window = new SlidingWindow(12, 60_000 / TIME_SCALE);
  const stats = { ok: 0, rejected: 0, active: 0, maxActive: 0 };
  const fake = await FakeServer.start(async (_req, res) => {
    stats.active++;
    stats.maxActive = Math.max(stats.maxActive, stats.active);
    try {
      if (!window.tryAccept()) {
        stats.rejected++;
        return sendJson(res, 429, { error: "Too Many Requests" }, { "retry-after": "5" });
      }
      stats.ok++;
      await sleep(5);
      sendJson(res, 200, { ok: true });
    } finally {
      stats.active--;
    }
  });
  cleanups.push(() => fake.close());
  return { fake, stats };
}

function limitedClient(fake: FakeServer, overrides: Partial<UpstreamClientConfig> = {}) {
  const client = new UpstreamClient(
    clientOptions(fake, {
      rateLimit: { windows: [HUBMIS_WINDOW], concurrency: 4, maxQueueWaitMs: 1_000 },
      timeScale: TIME_SCALE,
      ...overrides,
    }),
  );
  cleanups.push(() => client.close());
  return client;
}

describe("rate limits", () => {
  it("a fake enforcing 12 a minute (time-scaled): zero 429s at steady demand, queue wait capped", async () => {
    const { fake, stats } = await strictUpstream();
    const client = limitedClient(fake);
    const outcomes: Array<{ ok: boolean; ms: number; retryAfter?: number }> = [];
    const calls: Promise<void>[] = [];
    // Demand twice the budget: one call every 40 ms for two seconds.
    for (let i = 0; i < 50; i++) {
      const started = Date.now();
      calls.push(
        client.request({ method: "GET", path: `/students/${i}` }).then(
          () => void outcomes.push({ ok: true, ms: Date.now() - started }),
          (error: unknown) => {
            expect(error).toBeInstanceOf(RateLimitedError);
            outcomes.push({
              ok: false,
              ms: Date.now() - started,
              retryAfter: (error as RateLimitedError).retryAfterSeconds,
            });
          },
        ),
      );
      await sleep(40);
    }
    await Promise.all(calls);
    expect(stats.rejected).toBe(0);
    expect(stats.maxActive).toBeLessThanOrEqual(4);
    const served = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => !o.ok);
    // About 12 a second over ~3 s of draining; never more than the window allows.
    expect(served.length).toBeGreaterThanOrEqual(24);
    expect(refused.length).toBeGreaterThan(0);
    // Nobody waited much past the maximum queue wait; refusals came at once and named a retry time.
    for (const o of outcomes) expect(o.ms).toBeLessThan(1_000 + 500);
    for (const o of refused) {
      expect(o.ms).toBeLessThan(1_100);
      expect(o.retryAfter).toBeGreaterThanOrEqual(1);
    }
    expect(refused.filter((o) => o.ms < 50).length).toBeGreaterThan(0);
  });

  it("a burst of 30 concurrent calls: no window ever exceeded, all served within the wait", async () => {
    const { fake, stats } = await strictUpstream();
    const client = limitedClient(fake, {
      rateLimit: { windows: [HUBMIS_WINDOW], concurrency: 8, maxQueueWaitMs: 3_000 },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => client.request({ method: "GET", path: `/r/${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled").length).toBe(30);
    expect(stats.rejected).toBe(0);
    // In any second, at most 12 arrivals.
    const arrivals = fake.requests.map((r) => r.at);
    for (const t of arrivals)
      expect(arrivals.filter((a) => a > t - 1000 && a <= t).length).toBeLessThanOrEqual(12);
  });

  it("connections sharing an egress key share one budget", async () => {
    const { fake, stats } = await strictUpstream();
    const policy = {
      windows: [HUBMIS_WINDOW],
      concurrency: 4,
      maxQueueWaitMs: 1_500,
      sharedKey: `ip-${Math.random()}`,
    };
    const a = limitedClient(fake, { rateLimit: policy });
    const b = limitedClient(fake, { rateLimit: policy, connection: "other" });
    await Promise.allSettled(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? a : b).request({ method: "GET", path: `/s/${i}` })),
    );
    expect(stats.rejected).toBe(0);
    expect(stats.ok).toBeGreaterThanOrEqual(12);
  });

  it("interactive calls go ahead of queued background work", async () => {
    const fake = await FakeServer.start(async (req, res) => {
      await sleep(30);
      sendJson(res, 200, { path: req.path });
    });
    cleanups.push(() => fake.close());
    const client = new UpstreamClient(
      clientOptions(fake, { rateLimit: { windows: [], concurrency: 1, maxQueueWaitMs: 5_000 } }),
    );
    cleanups.push(() => client.close());
    const background = Array.from({ length: 5 }, (_, i) =>
      client.request({ method: "GET", path: `/bg/${i}`, priority: "background" }),
    );
    await sleep(5);
    const interactive = client.request({ method: "GET", path: "/now", priority: "interactive" });
    await Promise.all([...background, interactive]);
    const order = fake.requests.map((r) => r.path);
    expect(order.indexOf("/now")).toBeLessThanOrEqual(1);
  });

  it("slows down when the upstream says less remains than we counted", async () => {
    const fake = await FakeServer.start((_req, res) =>
      sendJson(res, 200, {}, { "x-ratelimit-limit": "100", "x-ratelimit-remaining": "2" }),
    );
    cleanups.push(() => fake.close());
    const client = new UpstreamClient(
      clientOptions(fake, {
        rateLimit: { windows: [{ limit: 100, intervalMs: 60_000 }], concurrency: 1, maxQueueWaitMs: 3_000 },
        timeScale: TIME_SCALE,
      }),
    );
    cleanups.push(() => client.close());
    await client.request({ method: "GET", path: "/a" });
    // The upstream says 2 remain: two more go now, the next waits for the window to move.
    for (const p of ["/b", "/c", "/d"]) await client.request({ method: "GET", path: p });
    const at = fake.requests.map((r) => r.at);
    expect(at[2]! - at[0]!).toBeLessThan(300);
    expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(950);
  });

  it("a 429's Retry-After holds every caller, not only the one that got it", async () => {
    let first = true;
    const fake = await FakeServer.start((_req, res) => {
      if (first) {
        first = false;
        return sendJson(res, 429, {}, { "retry-after": "1" });
      }
      sendJson(res, 200, {});
    });
    cleanups.push(() => fake.close());
    const client = new UpstreamClient(
      clientOptions(fake, { rateLimit: { windows: [], concurrency: 4, maxQueueWaitMs: 3_000 } }),
    );
    cleanups.push(() => client.close());
    const one = client.request({ method: "GET", path: "/one" });
    await sleep(100);
    // Another caller arrives while the upstream's pause is on: it waits too.
    const two = client.request({ method: "GET", path: "/two" });
    await Promise.all([one, two]);
    const firstAt = fake.requests[0]!.at;
    expect(fake.requests.length).toBe(3);
    for (const later of fake.requests.slice(1)) expect(later.at - firstAt).toBeGreaterThanOrEqual(1000);
    // The pause has passed; a new call goes at once.
    const started = Date.now();
    await client.request({ method: "GET", path: "/three" });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("budget() reports what remains, when the next slot frees and the rate", async () => {
    const { fake } = await strictUpstream();
    const client = limitedClient(fake);
    expect(client.budget()).toEqual({ remaining: 12, nextSlotInMs: 0, perMinute: 12 * TIME_SCALE });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => client.request({ method: "GET", path: `/b/${i}` })),
    );
    const budget = client.budget();
    expect(budget.remaining).toBe(0);
    expect(budget.nextSlotInMs).toBeGreaterThan(500);
    expect(budget.nextSlotInMs).toBeLessThanOrEqual(1_200);
  });
});

describe("rate gate arithmetic", () => {
  it("caps an upstream's pause at 15 minutes: one Retry-After of a day does not freeze the connection", () => {
    const gate = new RateGate({ windows: [{ limit: 12, intervalMs: 60_000 }] });
    const now = 1_000_000;
    gate.pauseUntil(now + 86_400_000, now);
    expect(gate.tryTake(now)).toBeGreaterThan(0);
    expect(gate.tryTake(now + MAX_PAUSE_MS + 1)).toBe(0);
  });

  it("a strict sliding window: the 13th waits for the 1st to leave the window", () => {
    const gate = new RateGate({ windows: [{ limit: 12, intervalMs: 60_000 }] });
    const takeAndFinish = (at: number) => {
      const wait = gate.tryTake(at);
      if (wait === 0) gate.complete(at);
      return wait;
    };
    for (let i = 0; i < 12; i++) expect(takeAndFinish(i * 1000)).toBe(0);
    const wait = takeAndFinish(12_000);
    expect(wait).toBeGreaterThanOrEqual(60_000 - 12_000);
    expect(takeAndFinish(61_300)).toBe(0);
    // The 14th follows the 2nd.
    expect(gate.waitMs(61_300)).toBeGreaterThanOrEqual(1000 + 60_000 - 61_300);
  });

  it("several windows and a bucket all hold", () => {
    const gate = new RateGate({
      windows: [
        { limit: 1000, intervalMs: 3_600_000 },
        { limit: 10_000, intervalMs: 86_400_000 },
      ],
      bucket: { capacity: 3, refillEveryMs: 5000 },
    });
    for (let i = 0; i < 3; i++) expect(gate.tryTake(0)).toBe(0);
    expect(gate.tryTake(0)).toBeCloseTo(5000, -1);
    expect(gate.tryTake(5000)).toBe(0);
  });

  it("a request in flight holds its slot, and its window runs from when it finished", () => {
    const gate = new RateGate({ windows: [{ limit: 2, intervalMs: 1000 }] });
    expect(gate.tryTake(0)).toBe(0);
    expect(gate.tryTake(0)).toBe(0);
    // Both in flight: no third start, however long ago they were sent.
    expect(gate.tryTake(5_000)).toBeGreaterThan(0);
    gate.complete(5_000);
    gate.complete(5_000);
    // The upstream may have counted them as late as 5 s: the window runs from there.
    expect(gate.waitMs(5_500)).toBeGreaterThanOrEqual(500);
    expect(gate.tryTake(6_200)).toBe(0);
  });

  it("estimates when the n-th queued call could start", () => {
    const gate = new RateGate({ windows: [{ limit: 2, intervalMs: 1000 }] });
    expect(gate.estimateStart(0, 0)).toBe(0);
    expect(gate.estimateStart(0, 1)).toBe(0);
    expect(gate.estimateStart(0, 2)).toBeGreaterThanOrEqual(1000);
    expect(gate.estimateStart(0, 4)).toBeGreaterThanOrEqual(2000);
  });
});
