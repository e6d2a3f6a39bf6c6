import { describe, expect, it } from "vitest";
import {
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  WriteOutcomeUnknownError,
} from "../../src/errors.js";
import { UpstreamClient, UpstreamHttpError } from "../../src/upstream/index.js";
import { backoffMs, parseRetryAfter, parseUnixSeconds, RetryBudget } from "../../src/upstream/retry.js";
import { clientOptions, FakeServer, fakeUpstreamHarness, sendJson } from "./fake-server.js";

const { cleanups, setup } = fakeUpstreamHarness();

describe("retries", () => {
  it("429 with Retry-After: exactly one retry, not before the hinted time", async () => {
    let calls = 0;
    const { fake, client } = await setup((_req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 429, { error: "slow down" }, { "retry-after": "1" });
      else sendJson(res, 200, { ok: true });
    });
    const response = await client.request({ method: "GET", path: "/things" });
    expect(response.data).toEqual({ ok: true });
    expect(fake.count()).toBe(2);
    const gap = fake.requests[1]!.at - fake.requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(1000);
    expect(gap).toBeLessThan(2500);
  });

  it("X-RateLimit-Retry-After (Unix seconds) is a lower bound too", async () => {
    let calls = 0;
    let announced = 0;
    let retriedAt = 0;
    const { fake, client } = await setup((_req, res) => {
      calls++;
      if (calls === 1) {
        const at = Math.floor(Date.now() / 1000) + 1;
        announced = at * 1000;
        sendJson(res, 429, {}, { "x-ratelimit-retry-after": String(at) });
      } else {
        retriedAt = Date.now();
        sendJson(res, 200, { ok: true });
      }
    });
    await client.request({ method: "GET", path: "/things" });
    expect(fake.count()).toBe(2);
    expect(retriedAt).toBeGreaterThanOrEqual(announced);
  });

  it("429 three times: gives up with RateLimited after three attempts", async () => {
    const { fake, client } = await setup((_req, res) => sendJson(res, 429, {}, { "retry-after": "0" }));
    const error = await client.request({ method: "GET", path: "/things" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(fake.count()).toBe(3);
  });

  it("a hinted wait past the allowed wait fails at once with RateLimited naming it", async () => {
    const { fake, client } = await setup((_req, res) => sendJson(res, 429, {}, { "retry-after": "120" }), {
      rateLimit: { windows: [], concurrency: 4, maxQueueWaitMs: 2_000 },
    });
    const started = Date.now();
    const error = await client.request({ method: "GET", path: "/things" }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThanOrEqual(119);
    expect(fake.count()).toBe(1);
  });

  it.each([500, 502, 503, 504])("GET is retried on %i", async (status) => {
    let calls = 0;
    const { fake, client } = await setup((_req, res) => {
      calls++;
      if (calls < 3) sendJson(res, status, { error: "boom" });
      else sendJson(res, 200, { ok: true });
    });
    const response = await client.request({ method: "GET", path: "/things" });
    expect(response.data).toEqual({ ok: true });
    expect(fake.count()).toBe(3);
  });

  it("a 5xx after three attempts is Unavailable", async () => {
    const { fake, client } = await setup((_req, res) => sendJson(res, 503, { error: "down" }));
    await expect(client.request({ method: "GET", path: "/things" })).rejects.toBeInstanceOf(UnavailableError);
    expect(fake.count()).toBe(3);
  });

  it.each([
    [400, UpstreamHttpError],
    [401, UnauthorizedError],
    [403, UpstreamHttpError],
    [404, NotFoundError],
    [422, UpstreamHttpError],
  ])("%i is never retried", async (status, type) => {
    const { fake, client } = await setup((_req, res) =>
      sendJson(res, status, { error: { code: "X", message: "secret detail from upstream" } }),
    );
    const error = await client.request({ method: "GET", path: "/things" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(String((error as Error).message)).not.toContain("secret detail");
    expect(fake.count()).toBe(1);
  });

  it("a POST without an idempotency key is not retried on 503 and may have happened; with one it is retried", async () => {
    const { fake, client } = await setup((_req, res) => sendJson(res, 503, {}));
    const once = await client
      .request({ method: "POST", path: "/messages", json: { a: 1 } })
      .catch((e: unknown) => e);
    expect(once).toBeInstanceOf(WriteOutcomeUnknownError);
    expect((once as Error).message).toMatch(/may have done this .*HTTP 503.*Check the record/);
    expect(fake.count()).toBe(1);
    await expect(
      client.request({ method: "POST", path: "/messages", json: { a: 1 }, idempotencyKey: "k-1" }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(fake.count()).toBe(4);
    expect(fake.requests[3]!.headers["idempotency-key"]).toBe("k-1");
  });

  it("500 is retried for GET but not for an idempotent POST", async () => {
    const { fake, client } = await setup((_req, res) => sendJson(res, 500, {}));
    await expect(
      client.request({ method: "POST", path: "/messages", json: {}, idempotencyKey: "k-2" }),
    ).rejects.toBeInstanceOf(UnavailableError);
    expect(fake.count()).toBe(1);
  });

  it("connection reset: GET is retried", async () => {
    let calls = 0;
    const { fake, client } = await setup((_req, res, raw) => {
      calls++;
      if (calls === 1) raw.socket.destroy();
      else sendJson(res, 200, { ok: true });
    });
    const response = await client.request({ method: "GET", path: "/things" });
    expect(response.data).toEqual({ ok: true });
    expect(fake.count()).toBe(2);
  });

  it("connection reset: POST is not retried and the side effect happens exactly once", async () => {
    let sideEffects = 0;
    const { client } = await setup((req, _res, raw) => {
      if (req.method === "POST") sideEffects++;
      raw.socket.destroy();
    });
    const error = await client
      .request({ method: "POST", path: "/messages", json: { text: "hi" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
    expect((error as Error).message).toContain("may have done this");
    expect(sideEffects).toBe(1);
  });

  it("a day-long Retry-After is capped and reported in the provider's own words", async () => {
    const { client } = await setup((_req, res) => {
      res.setHeader("retry-after", "86400");
      sendJson(res, 429, { message: "Daily quota exhausted\u202E for this key" });
    });
    const error = await client.request({ method: "GET", path: "/students" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(900);
    expect((error as Error).message).toMatch(
      /the provider says "Daily quota exhausted {2}for this key"\)\. Retry in 900 s/,
    );
  });

  it("a write the provider accepted with an unreadable answer is reported as done-but-unclear, not as failed", async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end("{not json");
    });
    const error = await client
      .request({ method: "POST", path: "/messages", json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteOutcomeUnknownError);
    expect((error as Error).message).toMatch(/accepted the request \(HTTP 201\)/);
  });

  it("connection refused is retried even for a POST (nothing was sent), then Unavailable", async () => {
    const fake = await FakeServer.start();
    const url = fake.url;
    await fake.close();
    const client = new UpstreamClient(clientOptions({ url }));
    cleanups.push(() => client.close());
    const error = await client
      .request({ method: "POST", path: "/messages", json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toContain("could not connect");
  });

  it("a run of 503s: the retry budget stops retrying; retries return after recovery", async () => {
    let mode: "down" | "up" | "flaky" = "down";
    let flakyCalls = 0;
    const { fake, client } = await setup(
      (_req, res) => {
        if (mode === "down") return sendJson(res, 503, {});
        if (mode === "flaky" && flakyCalls++ === 0) return sendJson(res, 503, {});
        sendJson(res, 200, { ok: true });
      },
      { retry: { baseMs: 5, capMs: 20, budgetMinRetries: 3, budgetRatio: 0.2, budgetWindowMs: 60_000 } },
    );
    const calls = 20;
    const perCall: number[] = [];
    for (let i = 0; i < calls; i++) {
      const before = fake.count();
      await expect(client.request({ method: "GET", path: `/things/${i}` })).rejects.toBeInstanceOf(
        UnavailableError,
      );
      perCall.push(fake.count() - before);
    }
    // Without a budget: 3 attempts each (60). With it: the first attempts plus floor + 20% of requests.
    const retries = fake.count() - calls;
    expect(retries).toBeLessThanOrEqual(3 + Math.ceil(0.2 * calls));
    expect(retries).toBeGreaterThanOrEqual(3);
    // Once the floor is spent, calls fail fast: the last ten made at most one retry per five calls.
    const lastTen = perCall.slice(-10).reduce((a, b) => a + b, 0);
    expect(lastTen).toBeLessThanOrEqual(12);

    mode = "up";
    for (let i = 0; i < 20; i++) await client.request({ method: "GET", path: `/ok/${i}` });
    mode = "flaky";
    const response = await client.request({ method: "GET", path: "/flaky" });
    expect(response.data).toEqual({ ok: true });
    expect(fake.count({ path: "/flaky" })).toBe(2);
  });
});

describe("retry arithmetic", () => {
  it("full jitter stays within the exponential ceiling and the cap", () => {
    expect(backoffMs(1, 250, 20_000, () => 0.999)).toBeLessThan(250);
    expect(backoffMs(3, 250, 20_000, () => 0.999)).toBeLessThan(1000);
    expect(backoffMs(20, 250, 20_000, () => 0.999)).toBeLessThan(20_000);
    expect(backoffMs(20, 250, 20_000, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or an HTTP date, and Unix seconds", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("5", now)).toBe(now + 5000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now)).toBe(now + 30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseUnixSeconds(String(now / 1000 + 7), now)).toBe(now + 7000);
  });

  it("the budget allows a floor plus a share of requests", () => {
    const budget = new RetryBudget(0.2, 2, 1000);
    for (let i = 0; i < 10; i++) budget.recordRequest(0);
    let allowed = 0;
    while (budget.tryRetry(1)) allowed++;
    expect(allowed).toBe(4);
    expect(budget.tryRetry(1500)).toBe(true);
  });
});
