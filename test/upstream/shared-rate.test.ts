/**
 * The shared rate store's admission scripts against the local Redis. Times are passed in, so every
 * expectation is exact.
 */
import { randomUUID } from "node:crypto";
import { createClient } from "@keyv/redis";
import { afterAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";
import { createRateStore, hashCredential } from "../../src/upstream/index.js";
import type { RateStore, SharedRateLimits, SharedTake } from "../../src/upstream/types.js";
import { REDIS_URL, requireRedisInCi } from "../helpers/redis.js";

const hasRedis = await requireRedisInCi("the shared rate store tests");
const namespace = `school-mcp-test:rate:${randomUUID()}:`;
const stores: RateStore[] = [];

function store(): RateStore {
  const created = createRateStore(REDIS_URL, { namespace });
  if (!created) throw new Error("a redis:// URL makes a store");
  stores.push(created);
  return created;
}

/** A fresh limiter key per test, so tests never see each other's entries. */
function gate(limits: Partial<SharedRateLimits>, on = store()) {
  return on.gate(`key-${randomUUID()}`, { windows: [], flightLeaseMs: 60_000, ...limits });
}

function ticketOf(taken: SharedTake): string {
  if (!taken || !("ticket" in taken)) throw new Error(`not admitted: ${JSON.stringify(taken)}`);
  return taken.ticket;
}

afterAll(async () => {
  await Promise.all(stores.map((s) => s.close()));
  if (!hasRedis) return;
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for await (const batch of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 })) {
    const keys = (Array.isArray(batch) ? batch : [batch]).map(String);
    if (keys.length > 0) await client.unlink(keys);
  }
  await client.close();
});

describe("createRateStore", () => {
  it("is undefined for the memory store and refuses unknown stores", () => {
    expect(createRateStore("memory")).toBeUndefined();
    expect(() => createRateStore("mongodb://x")).toThrow(/Unknown rate store/);
  });

  it("an unreachable Redis leaves the decision to the local gate, with one warning and no address", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line) });
    const down = createRateStore("redis://:hunter2@127.0.0.1:1", { namespace, logger });
    stores.push(down!);
    const g = down!.gate("k", { windows: [{ limit: 1, spanMs: 1_000 }], flightLeaseMs: 60_000 });
    expect(await g.take(Date.now())).toBeUndefined();
    expect(await g.take(Date.now())).toBeUndefined();
    await g.pauseUntil(Date.now() + 1_000, Date.now());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/shared rate limits unavailable/);
    expect(lines[0]).not.toMatch(/hunter2|127\.0\.0\.1/);
  });
});

describe.runIf(hasRedis)("shared admission in Redis", () => {
  const T = Date.now();

  it("admits up to the limit, counting requests in flight, then names the wait", async () => {
    const g = gate({ windows: [{ limit: 3, spanMs: 1_000 }] });
    const tickets = [ticketOf(await g.take(T)), ticketOf(await g.take(T)), ticketOf(await g.take(T))];
    // All three in flight: only a finish frees a slot, so look again shortly.
    expect(await g.take(T)).toEqual({ waitMs: 10 });
    for (const ticket of tickets) await g.finish(ticket, T + 100);
    // The oldest finish ages out of the window at T + 100 + 1000.
    expect(await g.take(T + 200)).toEqual({ waitMs: 900 });
    ticketOf(await g.take(T + 1_100));
  });

  it("stamps a request at its finish, not its send", async () => {
    const g = gate({ windows: [{ limit: 2, spanMs: 1_000 }] });
    const slow = ticketOf(await g.take(T));
    ticketOf(await g.take(T));
    // Long after its send the slow request is still in flight, and still counts.
    expect(await g.take(T + 5_000)).toEqual({ waitMs: 10 });
    await g.finish(slow, T + 5_000);
    // The other one is still in flight; the slow one counts from its finish, until T + 6000.
    expect(await g.take(T + 5_500)).toEqual({ waitMs: 500 });
  });

  it("counts from the finish: a window turns over one span after the finishes", async () => {
    const g = gate({ windows: [{ limit: 2, spanMs: 1_000 }] });
    const a = ticketOf(await g.take(T));
    const b = ticketOf(await g.take(T));
    await g.finish(a, T + 500);
    await g.finish(b, T + 800);
    // Sent at T, so a send stamp would have freed both by T + 1000; finish stamps hold them longer.
    expect(await g.take(T + 1_200)).toEqual({ waitMs: 300 });
    ticketOf(await g.take(T + 1_500));
    expect(await g.take(T + 1_500)).toEqual({ waitMs: 300 });
  });

  it("a request its replica never finished stops counting after the lease", async () => {
    const g = gate({ windows: [{ limit: 1, spanMs: 1_000 }], flightLeaseMs: 2_000 });
    ticketOf(await g.take(T));
    expect(await g.take(T + 1_999)).toEqual({ waitMs: 10 });
    ticketOf(await g.take(T + 2_001));
  });

  it("spends and refills the token bucket", async () => {
    const g = gate({ bucket: { capacity: 2, refillMs: 1_000 } });
    await g.finish(ticketOf(await g.take(T)), T);
    await g.finish(ticketOf(await g.take(T)), T);
    expect(await g.take(T)).toEqual({ waitMs: 1_000 });
    expect(await g.take(T + 400)).toEqual({ waitMs: 600 });
    ticketOf(await g.take(T + 1_000));
    expect(await g.take(T + 1_000)).toEqual({ waitMs: 1_000 });
  });

  it("a refused take changes nothing", async () => {
    const g = gate({ windows: [{ limit: 5, spanMs: 1_000 }], bucket: { capacity: 1, refillMs: 1_000 } });
    ticketOf(await g.take(T));
    for (let i = 0; i < 10; i++) expect(await g.take(T)).toEqual({ waitMs: 1_000 });
    ticketOf(await g.take(T + 1_000));
  });

  it("a pause holds every take until it ends, and a shorter one never shortens it", async () => {
    const g = gate({ windows: [{ limit: 10, spanMs: 1_000 }] });
    await g.pauseUntil(T + 700, T);
    await g.pauseUntil(T + 300, T);
    expect(await g.take(T)).toEqual({ waitMs: 700 });
    ticketOf(await g.take(T + 700));
  });

  it("two stores on one Redis share a key's limits; other keys are apart", async () => {
    const key = `key-${randomUUID()}`;
    const limits = { windows: [{ limit: 2, spanMs: 1_000 }], flightLeaseMs: 60_000 };
    const a = store().gate(key, limits);
    const b = store().gate(key, limits);
    await a.finish(ticketOf(await a.take(T)), T);
    await b.finish(ticketOf(await b.take(T)), T);
    expect(await a.take(T)).toEqual({ waitMs: 1_000 });
    expect(await b.take(T)).toEqual({ waitMs: 1_000 });
    ticketOf(await gate({ windows: [{ limit: 2, spanMs: 1_000 }] }).take(T));
  });

  it("every key it writes expires on its own", async () => {
    const key = `key-${randomUUID()}`;
    const g = store().gate(key, {
      windows: [{ limit: 5, spanMs: 1_000 }],
      bucket: { capacity: 5, refillMs: 100 },
      flightLeaseMs: 60_000,
    });
    const now = Date.now();
    ticketOf(await g.take(now));
    await g.finish(ticketOf(await g.take(now)), now);
    await g.pauseUntil(now + 500, now);
    const client = createClient({ url: REDIS_URL });
    await client.connect();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 }))
        keys.push(...(Array.isArray(batch) ? batch : [batch]).map(String));
      // Flight, window, bucket and pause, under a hash of the limiter key: the key itself never appears.
      const ours = keys.filter((k) => k.includes(`{${hashCredential(key)}}`));
      expect(ours.map((k) => k.split(":").at(-1)?.replace(/\/.*$/, "")).sort()).toEqual(
        ["5", "5", "flight", "pause"].sort(),
      );
      for (const k of keys) expect(k).not.toContain(key);
      for (const k of ours) expect(await client.pTTL(k)).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});
