import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RawHubmis, startRaw } from "./hubmis-http.js";

/** Raw HTTP: each fault control, then malformed and oversized requests; the server keeps answering. */

let hub: RawHubmis;
beforeAll(async () => {
  hub = await startRaw();
  await hub.signIn();
});
afterAll(async () => {
  await hub.close();
});
afterEach(() => {
  hub.sandbox.faults.reset();
});

const stillAnswers = async () => {
  const response = await hub.get("/academic-years");
  expect(response.status).toBe(200);
  expect(Array.isArray(await response.json())).toBe(true);
};

/** A request node's fetch would refuse to send: raw path bytes and headers. */
function rawRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {},
) {
  const url = new URL(hub.base);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("HUBmis sandbox fault controls", () => {
  it("adds fixed latency and jitter", async () => {
    hub.sandbox.faults.set({ latencyMs: 120 });
    let started = performance.now();
    await stillAnswers();
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    hub.sandbox.faults.set({ latencyMs: 0, jitterMs: 80 });
    const times: number[] = [];
    for (let i = 0; i < 8; i++) {
      started = performance.now();
      await hub.get("/academic-years");
      times.push(performance.now() - started);
    }
    expect(Math.max(...times)).toBeLessThan(80 + 60);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(5);
  });

  it("answers 503 at the configured error rate", async () => {
    hub.sandbox.faults.set({ errorRate: 1 });
    expect((await hub.get("/academic-years")).status).toBe(503);
    hub.sandbox.faults.set({ errorRate: 0.5 });
    const statuses = await Promise.all(
      Array.from({ length: 40 }, () => hub.get("/academic-years").then((r) => r.status)),
    );
    const failures = statuses.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it("plays scripted 503, 429, reset, malformed and stall faults in order, set over HTTP", async () => {
    const admin = new URL(hub.base).origin;
    for (const fault of ["503", "429", "reset", "malformed"]) {
      const set = await fetch(`${admin}/__sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ script: { fault, count: 1 } }),
      });
      expect(set.status).toBe(200);
    }
    expect((await hub.get("/academic-years")).status).toBe(503);
    expect((await hub.get("/academic-years")).status).toBe(429);
    await expect(hub.get("/academic-years")).rejects.toThrow();
    const malformed = await hub.get("/academic-years");
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
    const token = await hub.signIn();
    hub.sandbox.faults.script("stall");
    const started = performance.now();
    const stalled = fetch(`${hub.base}/academic-years`, {
      headers: { authorization: `Bearer ${token}`, realm: "S999" },
      signal: AbortSignal.timeout(300),
    });
    await expect(stalled).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    await stillAnswers();
  });

  it("rejects bad fault settings over HTTP", async () => {
    const admin = new URL(hub.base).origin;
    const response = await fetch(`${admin}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ errorRate: 3 }),
    });
    expect(response.status).toBe(400);
  });
});

describe("HUBmis sandbox against malformed and oversized requests", () => {
  it("answers a malformed JSON token body with 400 in the API's error shape", async () => {
    const response = await fetch(`${hub.base}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"grant_type": "client_credentials", ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "bad_request", status_code: 400 });
    // Well-formed JSON that is not an object is no token request either.
    const array = await fetch(`${hub.base}/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "[1,2,3]",
    });
    expect(array.status).toBe(400);
    expect(await array.json()).toMatchObject({ error: "unsupported_grant_type", status_code: 400 });
    await stillAnswers();
  });

  it("answers an oversized body with 413 and keeps serving", async () => {
    const response = await rawRequest("/api/v1/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: Buffer.alloc(400 * 1024, "a"),
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: "payload_too_large", status_code: 413 });
    await stillAnswers();
  });

  it("answers broken percent-encoding, huge queries and junk headers without crashing", async () => {
    const token = await hub.signIn();
    const headers = { authorization: `Bearer ${token}`, realm: "S999" };
    expect((await rawRequest("/api/v1/students/%E0%A4%A", { headers })).status).toBe(400);
    const longSearch = await rawRequest(`/api/v1/students?search=${"x".repeat(5000)}`, { headers });
    expect(longSearch.status).toBe(400);
    expect(JSON.parse(longSearch.body)).toMatchObject({ error: "invalid_query" });
    const nested = await rawRequest("/api/v1/students?filter[form][0][x]=1&page[size][]=3", { headers });
    expect(nested.status).toBe(400);
    const junk = await rawRequest("/api/v1/students", {
      headers: { ...headers, "academic-year-id": "12; DROP" },
    });
    expect(junk.status).toBe(400);
    const wrongAuth = await rawRequest("/api/v1/students", {
      headers: { authorization: "Basic Zm9vOmJhcg==", realm: "S999" },
    });
    expect(wrongAuth.status).toBe(401);
    await stillAnswers();
  });
});
