/**
 * Two server replicas on one upstream credential, against a fake that enforces HUBmis's 12 a minute (run 60
 * times faster). Each replica loads the upstream layer afresh, so nothing process-wide is shared between them
 * (limiters, pools, retry budgets): only the Redis behind their rate stores.
 */
import { randomUUID } from "node:crypto";
import { createClient } from "@keyv/redis";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { REDIS_URL, requireRedisInCi } from "../helpers/redis.js";
import { clientOptions, FakeServer, SlidingWindow, sendJson, sleep } from "./fake-server.js";

const hasRedis = await requireRedisInCi("the shared rate limit tests");
const namespace = `school-mcp-test:rate:${randomUUID()}:`;

const TIME_SCALE = 60;
const WINDOW_MS = 60_000 / TIME_SCALE;
const LIMIT = 12;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

afterAll(async () => {
  if (!hasRedis) return;
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for await (const batch of client.scanIterator({ MATCH: `${namespace}*`, COUNT: 500 })) {
    const keys = (Array.isArray(batch) ? batch : [batch]).map(String);
    if (keys.length > 0) await client.unlink(keys);
  }
  await client.close();
});

async function strictUpstream() {
  const window = new SlidingWindow(LIMIT, WINDOW_MS);
  const stats = { ok: 0, rejected: 0 };
  const fake = await FakeServer.start(async (_req, res) => {
    if (!window.tryAccept()) {
      stats.rejected++;
      return sendJson(res, 429, { error: "Too Many Requests" }, { "retry-after": "1" });
    }
    stats.ok++;
    await sleep(5);
    sendJson(res, 200, { ok: true });
  });
  cleanups.push(() => fake.close());
  return { fake, stats };
}

/** A replica: the upstream layer loaded as a fresh module graph, as another process would have it. */
async function replica(fake: FakeServer, credentialKey: string, shared: boolean, maxQueueWaitMs = 1_000) {
  vi.resetModules();
  const upstream = await import("../../src/upstream/index.js");
  const rateStore = shared ? upstream.createRateStore(REDIS_URL, { namespace }) : undefined;
  const client = new upstream.UpstreamClient(
    clientOptions(fake, {
      credentialKey,
      rateLimit: { windows: [{ limit: LIMIT, intervalMs: 60_000 }], concurrency: 4, maxQueueWaitMs },
      timeScale: TIME_SCALE,
      ...(rateStore ? { rateStore } : {}),
    }),
  );
  cleanups.push(async () => {
    await client.close();
    await rateStore?.close();
  });
  return client;
}

/** Both replicas call at a steady pace, together four times the budget, for two windows. */
async function steadyDemand(
  clients: Array<{ request: (r: { method: "GET"; path: string }) => Promise<unknown> }>,
) {
  const outcomes = { served: 0, refused: 0 };
  const calls: Promise<void>[] = [];
  for (let i = 0; i < 40; i++) {
    for (const [n, client] of clients.entries()) {
      calls.push(
        client.request({ method: "GET", path: `/r/${n}/${i}` }).then(
          () => void outcomes.served++,
          () => void outcomes.refused++,
        ),
      );
    }
    await sleep(50);
  }
  await Promise.all(calls);
  return outcomes;
}

describe.runIf(hasRedis)("rate limits shared by replicas through Redis", () => {
  it("two replicas on one credential: zero 429s, and together they use most of the budget", async () => {
    const { fake, stats } = await strictUpstream();
    const credentialKey = `cred-${randomUUID()}`;
    const clients = [await replica(fake, credentialKey, true), await replica(fake, credentialKey, true)];
    const started = performance.now();
    const outcomes = await steadyDemand(clients);
    const elapsed = fake.requests.at(-1)!.at - started;

    expect(stats.rejected).toBe(0);
    // A strict window of 12 per second admits at most 12 more each second after the first burst; our
    // windows are held a little longer than the upstream's (skew margin), so expect most, not all.
    const most = 0.7 * LIMIT * (1 + elapsed / WINDOW_MS);
    expect(stats.ok).toBeGreaterThanOrEqual(Math.floor(most));
    expect(outcomes.served).toBe(stats.ok);
    // Both replicas got their share.
    for (const n of [0, 1]) expect(fake.requests.some((r) => r.path.startsWith(`/r/${n}/`))).toBe(true);
    // Over demand, callers heard when to retry instead of queueing past the maximum wait.
    expect(outcomes.refused).toBeGreaterThan(0);
  });

  it("a Retry-After one replica hears holds the other replica too", async () => {
    let first = true;
    const fake = await FakeServer.start((_req, res) => {
      if (!first) return sendJson(res, 200, { ok: true });
      first = false;
      sendJson(res, 429, { error: "Too Many Requests" }, { "retry-after": "1" });
    });
    cleanups.push(() => fake.close());
    const credentialKey = `cred-${randomUUID()}`;
    const [a, b] = [
      await replica(fake, credentialKey, true, 3_000),
      await replica(fake, credentialKey, true, 3_000),
    ];
    const retried = a!.request({ method: "GET", path: "/a" });
    while (fake.requests.length === 0) await sleep(5);
    await sleep(50);
    await b!.request({ method: "GET", path: "/b" });
    await retried;
    const refusedAt = fake.requests[0]!.at;
    const bAt = fake.requests.find((r) => r.path === "/b")!.at;
    expect(bAt - refusedAt).toBeGreaterThanOrEqual(900);
  });
});

describe("rate limits without a shared store", () => {
  it("without the shared store the same two replicas each spend the whole budget, and the upstream answers 429", async () => {
    const { fake, stats } = await strictUpstream();
    const credentialKey = `cred-${randomUUID()}`;
    const clients = [await replica(fake, credentialKey, false), await replica(fake, credentialKey, false)];
    await steadyDemand(clients);
    expect(stats.rejected).toBeGreaterThan(0);
  });
});
