import { request } from "node:http";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CentreCareOsSandbox,
  type CentreCareOsSandboxOptions,
  startCentreCareOsSandbox,
} from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";

/** Rate limits, fault controls and hostile input, over raw HTTP. */
const open: CentreCareOsSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(options: Partial<CentreCareOsSandboxOptions> = {}): Promise<CentreCareOsSandbox> {
  const sandbox = await startCentreCareOsSandbox({ seed: 3, clock: createClock(1), ...options });
  open.push(sandbox);
  return sandbox;
}

function get(sandbox: CentreCareOsSandbox, path = "/rooms", key = sandbox.keys.full) {
  return fetch(`${sandbox.url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
}

describe("rate limits", () => {
  it("sends X-RateLimit-* on every response and counts down per key", async () => {
    const sandbox = await start();
    const first = await get(sandbox);
    expect(first.headers.get("x-ratelimit-limit")).toBe("1000");
    expect(first.headers.get("x-ratelimit-remaining")).toBe("999");
    const reset = Number(first.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3600 + 1);
    expect((await get(sandbox)).headers.get("x-ratelimit-remaining")).toBe("998");
    expect(
      (await get(sandbox, "/rooms", sandbox.keys["read-only"])).headers.get("x-ratelimit-remaining"),
    ).toBe("999");
    for (const res of [
      await get(sandbox, "/nothing"),
      await get(sandbox, "/invoices", sandbox.keys["no-billing"]),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    }
    const unauthorised = await get(sandbox, "/rooms", sandbox.keys.revoked);
    expect(unauthorised.headers.get("x-ratelimit-limit")).toBe("1000");
  });

  it("answers 429 RATE_LIMITED with Retry-After once the hour is spent, until the window resets", async () => {
    // 3,600x: a simulated hour lasts one real second.
    const sandbox = await start({ clock: createClock(3600), limits: { perHour: 5 } });
    const statuses: number[] = [];
    let limited: Response | undefined;
    // Twelve quick requests cross at most one window boundary, so at most ten can pass.
    for (let i = 0; i < 12; i++) {
      const res = await get(sandbox);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
    expect(limited).toBeDefined();
    expect(limited?.headers.get("retry-after")).toBe("1");
    expect(limited?.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(await limited?.json()).toEqual({
      error: { code: "RATE_LIMITED", message: expect.stringMatching(/per hour/), status: 429 },
    });
    expect(sandbox.state.limits.rejected).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await get(sandbox)).status).toBe(200);
  });

  it("enforces the daily limit beside the hourly one", async () => {
    const sandbox = await start({ limits: { perHour: 100, perDay: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(sandbox)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await get(sandbox);
    const midnight = Math.ceil(Date.now() / 86_400_000) * 86_400_000;
    expect(Number(res.headers.get("retry-after"))).toBeCloseTo((midnight - Date.now()) / 1000, -1);
    expect(await res.json()).toMatchObject({ error: { message: expect.stringMatching(/per day/) } });
  });
});

describe("fault controls", () => {
  const faults = (sandbox: CentreCareOsSandbox, body: unknown) =>
    fetch(`${sandbox.url}/__sandbox/faults`, { method: "POST", body: JSON.stringify(body) });

  it("adds latency and jitter", async () => {
    const sandbox = await start({ latencyMs: 60, jitterMs: 20 });
    const started = Date.now();
    await get(sandbox);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    await faults(sandbox, { reset: true });
    const quick = Date.now();
    await get(sandbox);
    expect(Date.now() - quick).toBeLessThan(50);
  });

  it("answers 503 at the error rate, and scripted 503 / 429", async () => {
    const sandbox = await start();
    await faults(sandbox, { errorRate: 1 });
    expect((await get(sandbox)).status).toBe(503);
    await faults(sandbox, { errorRate: 0, script: { fault: "503", count: 1 } });
    await faults(sandbox, { script: { fault: "429", count: 1 } });
    expect((await get(sandbox)).status).toBe(503);
    const limited = await get(sandbox);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await get(sandbox)).status).toBe(200);
  });

  it("resets the connection, returns malformed JSON, and stalls", async () => {
    const sandbox = await start();
    sandbox.faults.script("reset");
    await expect(get(sandbox)).rejects.toThrow();
    sandbox.faults.script("malformed");
    await expect((await get(sandbox)).json()).rejects.toThrow();
    sandbox.faults.script("stall");
    await expect(
      fetch(`${sandbox.url}/api/v1/rooms`, {
        headers: { authorization: `Bearer ${sandbox.keys.full}` },
        signal: AbortSignal.timeout(200),
      }),
    ).rejects.toThrow();
    expect((await get(sandbox)).status).toBe(200);
  });

  it("answers 500 INTERNAL_ERROR in the provider's shape when told to", async () => {
    const sandbox = await start();
    const set = await fetch(`${sandbox.url}/__sandbox-centrecareos/fail`, {
      method: "POST",
      body: JSON.stringify({ count: 1 }),
    });
    expect(set.status).toBe(200);
    const res = await get(sandbox);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: { code: "INTERNAL_ERROR", message: expect.any(String), status: 500 },
    });
    expect((await get(sandbox)).status).toBe(200);
  });
});

/**
 * The server answers 413 before reading the whole body and then drops the socket, so the oversized request
 * gets a connection of its own rather than poisoning fetch's keep-alive pool for the requests after it.
 */
function postOnOwnConnection(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("hostile input", () => {
  it("refuses oversized and malformed requests in its own error shape, then still answers", async () => {
    const sandbox = await start();
    const headers = { authorization: `Bearer ${sandbox.keys.full}`, "content-type": "application/json" };
    const huge = await postOnOwnConnection(
      `${sandbox.url}/api/v1/messages`,
      headers,
      JSON.stringify({ threadId: "thr_801", content: "x".repeat(400_000) }),
    );
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    const badJson = await fetch(`${sandbox.url}/api/v1/students`, { method: "POST", headers, body: "{nope" });
    expect(await badJson.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", status: 400 } });
    const badPath = await fetch(`${sandbox.url}/api/v1/students/%E0%A4%A`, { headers });
    expect(await badPath.json()).toMatchObject({ error: { code: "VALIDATION_ERROR", status: 400 } });
    const longQuery = await get(sandbox, `/students?search=${"a".repeat(6000)}`);
    expect(longQuery.status).toBe(200);
    await new Promise<void>((resolve) => {
      const socket = connect(sandbox.server.port, "127.0.0.1", () =>
        socket.end("GARBAGE \x00\x01 HTTP/9\r\n\r\n"),
      );
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
      socket.resume();
    });
    expect((await get(sandbox)).status).toBe(200);
  });
});
