import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { DecodedTexts } from "../../src/upstream/cache.js";
import {
  createSharedCache,
  type SharedCache,
  UpstreamClient,
  type UpstreamClientConfig,
} from "../../src/upstream/index.js";
import { REDIS_URL, requireRedisInCi } from "../helpers/redis.js";
import { clientOptions, FakeServer, fakeUpstreamHarness, sendJson, sleep } from "./fake-server.js";

const hasRedis = await requireRedisInCi("the Redis cache tests");

const { cleanups } = fakeUpstreamHarness();

/** An upstream that answers with a counter, so two answers from the upstream always differ. */
async function countingUpstream(delayMs = 30) {
  let served = 0;
  const state = { down: false as false | number };
  const fake = await FakeServer.start(async (req, res) => {
    if (state.down) return sendJson(res, state.down, {}, state.down === 429 ? { "retry-after": "60" } : {});
    await sleep(delayMs);
    served++;
    sendJson(res, 200, { n: served, path: req.path, auth: req.headers.authorization ?? null });
  });
  cleanups.push(() => fake.close());
  return { fake, state };
}

type Stores = Array<[string, () => SharedCache]>;
const stores: Stores = [["memory", () => createSharedCache("memory")]];
if (hasRedis) {
  // A namespace of its own per run, so parallel test files and runs never meet.
  const namespace = `school-mcp-test-${randomUUID()}`;
  stores.push(["redis", () => createSharedCache(REDIS_URL, { namespace })]);
}

describe.each(stores)("cache on %s", (name, makeStore) => {
  const opened: SharedCache[] = [];
  function store(): SharedCache {
    const cache = makeStore();
    opened.push(cache);
    return cache;
  }
  afterAll(async () => {
    await opened[0]?.deletePrefix("");
    for (const cache of opened) await cache.close();
  });

  function client(fake: FakeServer, cache: SharedCache, overrides: Partial<UpstreamClientConfig> = {}) {
    const c = new UpstreamClient(clientOptions(fake, { cache, ...overrides }));
    cleanups.push(() => c.close());
    return c;
  }

  it("cache isolation across credentials and scope sets", async () => {
    const { fake } = await countingUpstream(0);
    const cache = store();
    const alice = client(fake, cache, { credentialKey: "alice" });
    const bob = client(fake, cache, { credentialKey: "bob" });
    const req = { method: "GET" as const, path: "/students", cache: { kind: "directory" as const } };

    const a1 = await alice.request<{ n: number }>(req, { scopeKey: "students:read" });
    const a2 = await alice.request<{ n: number }>(req, { scopeKey: "students:read" });
    expect(a2.data.n).toBe(a1.data.n);
    expect(a2.cached).toEqual({ ageSeconds: 0, stale: false });
    expect(a1.cached).toBeUndefined();

    const b1 = await bob.request<{ n: number }>(req, { scopeKey: "students:read" });
    expect(b1.data.n).not.toBe(a1.data.n);
    expect(b1.cached).toBeUndefined();

    const a3 = await alice.request<{ n: number }>(req, { scopeKey: "students:read,sensitive:read" });
    expect(a3.data.n).not.toBe(a1.data.n);
    expect(a3.cached).toBeUndefined();

    // Same credential on another connection: its own entries.
    const other = client(fake, cache, { credentialKey: "alice", connection: "another-school" });
    expect((await other.request(req, { scopeKey: "students:read" })).cached).toBeUndefined();
    // A different query is a different entry; the same query in another order is the same one.
    const q1 = await alice.request({ ...req, query: { a: 1, b: 2 } }, { scopeKey: "students:read" });
    const q2 = await alice.request({ ...req, query: { b: 2, a: 1 } }, { scopeKey: "students:read" });
    expect(q1.cached).toBeUndefined();
    expect(q2.cached?.stale).toBe(false);
    expect(fake.count()).toBe(5);
  });

  it.runIf(name === "redis")(
    "two server instances on one Redis share entries, still per credential",
    async () => {
      const { fake } = await countingUpstream(0);
      const req = { method: "GET" as const, path: "/groups", cache: { kind: "directory" as const } };
      const first = client(fake, store(), { credentialKey: "shared" });
      const second = client(fake, store(), { credentialKey: "shared" });
      const stranger = client(fake, store(), { credentialKey: "stranger" });
      const a = await first.request<{ n: number }>(req, { scopeKey: "s" });
      const b = await second.request<{ n: number }>(req, { scopeKey: "s" });
      expect(b.cached?.stale).toBe(false);
      expect(b.data.n).toBe(a.data.n);
      expect((await stranger.request(req, { scopeKey: "s" })).cached).toBeUndefined();
      await first.request({ method: "PUT", path: "/groups/1", json: {}, invalidates: ["/groups"] });
      expect((await second.request(req, { scopeKey: "s" })).cached).toBeUndefined();
    },
  );

  it("a caller changing an answer cannot change the next: a cached answer is frozen", async () => {
    const { fake } = await countingUpstream(0);
    const c = client(fake, store());
    const req = { method: "GET" as const, path: "/x", cache: { kind: "reference" as const } };
    const first = await c.request<{ n: number }>(req);
    first.data.n = 999;
    const second = await c.request<{ n: number }>(req);
    expect(second.cached).toBeDefined();
    expect(() => {
      second.data.n = 998;
    }).toThrow(TypeError);
    const third = await c.request<{ n: number }>(req);
    expect(third.data.n).toBe(1);
    // One decoded answer serves every reader while the entry is unchanged.
    expect(third.data).toBe(second.data);
  });

  it("a write invalidates what it changes for every scope set, and nothing else", async () => {
    const { fake } = await countingUpstream(0);
    const c = client(fake, store());
    const thread = { method: "GET" as const, path: "/threads/7/messages", cache: { kind: "live" as const } };
    const other = { method: "GET" as const, path: "/students", cache: { kind: "directory" as const } };
    await c.request(thread, { scopeKey: "a" });
    await c.request(thread, { scopeKey: "b" });
    await c.request(other, { scopeKey: "a" });
    expect((await c.request(thread, { scopeKey: "a" })).cached).toBeDefined();

    await c.request({
      method: "POST",
      path: "/threads/7/messages",
      json: { text: "hi" },
      invalidates: ["/threads/7"],
    });
    expect((await c.request(thread, { scopeKey: "a" })).cached).toBeUndefined();
    expect((await c.request(thread, { scopeKey: "b" })).cached).toBeUndefined();
    expect((await c.request(other, { scopeKey: "a" })).cached).toBeDefined();
  });

  it("expired entries are refetched; stale-if-error serves them marked with their age", async () => {
    const { fake, state } = await countingUpstream(0);
    const c = client(fake, store(), { retry: { baseMs: 1, capMs: 5, attempts: 1 } });
    const req = {
      method: "GET" as const,
      path: "/attendance/today",
      cache: { kind: "live" as const, ttlMs: 100 },
    };
    const fresh = await c.request<{ n: number }>(req);
    await sleep(150);
    const refetched = await c.request<{ n: number }>(req);
    expect(refetched.cached).toBeUndefined();
    expect(refetched.data.n).toBe(fresh.data.n + 1);

    await sleep(1_000);
    // A 404 is an answer, not an outage: no stale data for it.
    state.down = 404;
    await expect(c.request(req)).rejects.toThrow();

    state.down = 503;
    const stale = await c.request<{ n: number }>(req);
    expect(stale.data.n).toBe(refetched.data.n);
    expect(stale.cached?.stale).toBe(true);
    expect(stale.cached?.ageSeconds).toBeGreaterThanOrEqual(1);

    state.down = 429;
    expect((await c.request(req)).cached?.stale).toBe(true);
    // The upstream asked for a minute: calls meanwhile get the stale answer without asking it.
    const before = fake.count();
    expect((await c.request(req)).cached?.stale).toBe(true);
    expect(fake.count()).toBe(before);
  });

  it("sensitive answers are not cached unless the configuration allows it", async () => {
    const { fake } = await countingUpstream(0);
    const cache = store();
    const req = {
      method: "GET" as const,
      path: "/students/1/medical",
      cache: { kind: "sensitive" as const },
    };
    const plain = client(fake, cache);
    await plain.request(req);
    expect((await plain.request(req)).cached).toBeUndefined();
    const allowed = client(fake, cache, { cacheSensitive: true });
    await allowed.request(req);
    expect((await allowed.request(req)).cached).toBeDefined();
  });

  it("setIfAbsent is atomic: one winner among concurrent claims, across store instances", async () => {
    const a = store();
    const b = makeStore === stores[0]![1] ? a : store();
    const key = `confirm:${randomUUID()}`;
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setIfAbsent(key, { used: true }, 5_000)),
    );
    expect(claims.filter(Boolean).length).toBe(1);
    expect((await a.get<{ used: boolean }>(key))?.value).toEqual({ used: true });
    await a.delete(key);
    expect(await a.setIfAbsent(key, 1, 50)).toBe(true);
    await sleep(120);
    expect(await b.setIfAbsent(key, 2, 5_000)).toBe(true);
  });

  it("deletePrefix removes exactly the keys under the prefix", async () => {
    const cache = store();
    const base = `p:${randomUUID()}:`;
    await cache.set(`${base}a*1`, 1, 5_000);
    await cache.set(`${base}a*2`, 2, 5_000);
    await cache.set(`${base}ab`, 3, 5_000);
    await cache.set(`${base}b`, 4, 5_000);
    await cache.deletePrefix(`${base}a*`);
    expect(await cache.get(`${base}a*1`)).toBeUndefined();
    expect(await cache.get(`${base}a*2`)).toBeUndefined();
    expect((await cache.get(`${base}ab`))?.value).toBe(3);
    expect((await cache.get(`${base}b`))?.value).toBe(4);
  });
});

describe("single-flight", () => {
  it("10 identical concurrent GETs: one upstream request on one credential, two on two", async () => {
    const { fake } = await countingUpstream(50);
    const cache = createSharedCache("memory");
    const one = new UpstreamClient(clientOptions(fake, { cache, credentialKey: "one" }));
    const two = new UpstreamClient(clientOptions(fake, { cache, credentialKey: "two" }));
    cleanups.push(
      () => one.close(),
      () => two.close(),
    );
    const req = { method: "GET" as const, path: "/timetable" };
    const results = await Promise.all(Array.from({ length: 10 }, () => one.request<{ n: number }>(req)));
    expect(fake.count()).toBe(1);
    expect(new Set(results.map((r) => r.data.n)).size).toBe(1);
    // Each caller has its own copy.
    results[0]!.data.n = -1;
    expect(results[1]!.data.n).not.toBe(-1);

    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two).request(req)));
    expect(fake.count()).toBe(3);
  });

  it("different scope sets do not share a request", async () => {
    const { fake } = await countingUpstream(50);
    const c = new UpstreamClient(clientOptions(fake));
    cleanups.push(() => c.close());
    const req = { method: "GET" as const, path: "/students" };
    await Promise.all([
      c.request(req, { scopeKey: "a" }),
      c.request(req, { scopeKey: "b" }),
      c.request(req, { scopeKey: "a" }),
    ]);
    expect(fake.count()).toBe(2);
  });

  it("a shared read is cancelled upstream only when every caller waiting on it has gone", async () => {
    let abandoned = 0;
    let answered = 0;
    const fake = await FakeServer.start(async (_req, res) => {
      let gone = false;
      res.on("close", () => {
        if (!res.writableEnded) gone = true;
      });
      await sleep(400);
      if (gone || res.destroyed) abandoned++;
      else {
        answered++;
        sendJson(res, 200, { ok: true });
      }
    });
    cleanups.push(() => fake.close());
    const c = new UpstreamClient(clientOptions(fake));
    cleanups.push(() => c.close());
    const req = (signal: AbortSignal) => ({ method: "GET" as const, path: "/register", signal });

    const leaving = new AbortController();
    const staying = new AbortController();
    const first = c.request(req(leaving.signal)).catch((e: unknown) => e);
    const second = c.request(req(staying.signal));
    await sleep(50);
    leaving.abort();
    expect(((await first) as Error).name).toBe("AbortError");
    expect((await second).data).toEqual({ ok: true });
    expect(answered).toBe(1);

    const a = new AbortController();
    const b = new AbortController();
    const both = [c.request(req(a.signal)).catch(() => {}), c.request(req(b.signal)).catch(() => {})];
    await sleep(50);
    a.abort();
    b.abort();
    await Promise.all(both);
    await sleep(500);
    expect(abandoned).toBe(1);
    expect(fake.count()).toBe(2);
  });

  it("writes are never coalesced", async () => {
    const { fake } = await countingUpstream(50);
    const c = new UpstreamClient(clientOptions(fake));
    cleanups.push(() => c.close());
    await Promise.all(
      Array.from({ length: 3 }, () => c.request({ method: "POST", path: "/messages", json: { t: 1 } })),
    );
    expect(fake.count()).toBe(3);
  });
});

describe("the memory store", () => {
  it("stays bounded, dropping the oldest entries but never a single-use record", async () => {
    const cache = createSharedCache("memory", { maxEntries: 20 });
    expect(await cache.setIfAbsent("confirm:1", true, 60_000)).toBe(true);
    for (let i = 0; i < 100; i++) await cache.set(`entry:${i}`, i, 60_000);
    expect(await cache.get("entry:0")).toBeUndefined();
    expect((await cache.get("entry:99"))?.value).toBe(99);
    expect(await cache.setIfAbsent("confirm:1", true, 60_000)).toBe(false);
    let kept = 0;
    for (let i = 0; i < 100; i++) if (await cache.get(`entry:${i}`)) kept++;
    expect(kept).toBeLessThanOrEqual(20);
  });
});

describe("a cache that is down", () => {
  it("does not fail upstream calls, and single-use claims fail rather than pass", async () => {
    const { fake } = await countingUpstream(0);
    const cache = createSharedCache("redis://127.0.0.1:1", { namespace: `down-${randomUUID()}` });
    const c = new UpstreamClient(clientOptions(fake, { cache }));
    cleanups.push(
      () => cache.close(),
      () => c.close(),
    );
    const started = Date.now();
    const req = { method: "GET" as const, path: "/students", cache: { kind: "directory" as const } };
    expect((await c.request<{ n: number }>(req)).data.n).toBe(1);
    expect((await c.request<{ n: number }>(req)).data.n).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_500);
    await expect(cache.setIfAbsent("confirm:x", 1, 1_000)).rejects.toThrow(/not reachable/);
  });
});

describe("Redis texts decoded once", () => {
  it("gives the same frozen value for the same text, and decodes a changed text afresh", () => {
    const texts = new DecodedTexts();
    const first = texts.decode('{"value":{"v":{"n":1},"t":5}}');
    expect(texts.decode('{"value":{"v":{"n":1},"t":5}}')).toBe(first);
    expect(Object.isFrozen((first as { value: { v: object } }).value.v)).toBe(true);
    const changed = texts.decode('{"value":{"v":{"n":2},"t":6}}') as { value: { v: { n: number } } };
    expect(changed.value.v.n).toBe(2);
  });

  it("keeps no more text than its bound, the oldest going first", () => {
    const texts = new DecodedTexts(1_000);
    const text = (name: string) => `{"${name}":"${"x".repeat(140)}"}`;
    const first = texts.decode(text("first"));
    expect(texts.decode(text("first"))).toBe(first);
    for (let i = 0; i < 10; i++) texts.decode(text(`later${i}`));
    const latest = texts.decode(text("later9"));
    expect(texts.decode(text("later9"))).toBe(latest);
    // Ten more texts of 150 characters overflow the 1,000: the first was let go and is decoded again.
    expect(texts.decode(text("first"))).not.toBe(first);
    expect(texts.decode(text("first"))).toEqual(first);
  });
});
