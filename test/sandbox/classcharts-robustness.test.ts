/** The ClassCharts sandbox under faults and bad input, and the determinism of its generator. */
import { request } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateClassChartsData } from "../../src/sandbox/classcharts/data.js";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";

let sandbox: ClassChartsSandbox;

beforeAll(async () => {
  sandbox = await startClassChartsSandbox({ seed: 3, clock: createClock(1) });
});
afterEach(() => sandbox.faults.reset());
afterAll(() => sandbox.close());

/** A cheap request whose answer proves the server is still serving: the not-logged-in envelope. */
async function stillAnswers(): Promise<void> {
  const response = await fetch(`${sandbox.url}/apiv2student/ping`, { method: "POST" });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ success: 0, expired: 1 });
}

function rawRequest(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, sandbox.url);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? "GET",
        // A fresh socket each time: the server may close one it refused a body on.
        agent: false,
        ...(options.headers ? { headers: options.headers } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("determinism", () => {
  it("the same seed and day give byte-identical data; another seed does not", () => {
    const a = JSON.stringify(generateClassChartsData({ seed: 42, startDay: "2026-03-04" }));
    const b = JSON.stringify(generateClassChartsData({ seed: 42, startDay: "2026-03-04" }));
    const c = JSON.stringify(generateClassChartsData({ seed: 43, startDay: "2026-03-04" }));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a.length).toBeGreaterThan(100_000);
  });

  it("two servers with one seed serve the same answers", async () => {
    const twin = await startClassChartsSandbox({ seed: 3, clock: createClock(1) });
    try {
      expect(JSON.stringify(twin.data)).toBe(JSON.stringify(sandbox.data));
      expect(twin.connections["classcharts-student"]).toMatchObject({
        code: sandbox.data.pupils[0]!.code,
        dateOfBirth: sandbox.data.pupils[0]!.dob,
      });
    } finally {
      await twin.close();
    }
  });

  it("exports the two demo connections with the ClassCharts scopes", () => {
    expect(Object.keys(sandbox.connections).sort()).toEqual(["classcharts-parent", "classcharts-student"]);
    expect(sandbox.connections["classcharts-parent"]).toMatchObject({
      provider: "classcharts",
      role: "parent",
      baseUrl: sandbox.url,
      scopes: expect.arrayContaining(["students:read", "homework:read", "behaviour:read"]),
    });
  });
});

describe("bad input never crashes the server", () => {
  it("a malformed JSON body gets the error envelope (400)", async () => {
    const answer = await rawRequest("/parent/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"email": ',
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({
      success: 0,
      error: "Malformed JSON body",
      expired: 0,
      data: null,
      meta: null,
    });
    await stillAnswers();
  });

  it("an oversized body gets 413 in the envelope", async () => {
    const answer = await rawRequest("/student/login", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `code=${"A".repeat(400_000)}`,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ success: 0, error: "Request body too large" });
    await stillAnswers();
  });

  it("broken paths, odd methods, JSON where a form belongs and a huge header are all answered", async () => {
    expect((await rawRequest("/apiv2parent/activity/%E0%A4%A")).status).toBe(400);
    expect((await rawRequest("/apiv2parent/pupils", { method: "DELETE" })).status).toBe(401);
    const json = await rawRequest("/student/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ _method: "POST", code: ["x"], dob: { a: 1 } }),
    });
    expect(json.status).toBe(200);
    expect(json.body).toContain("incorrect");
    const header = await rawRequest("/apiv2student/ping", {
      headers: { authorization: `Basic ${"x".repeat(12_000)}` },
    });
    expect(JSON.parse(header.body)).toMatchObject({ success: 0, expired: 1 });
    expect((await rawRequest("/nothing/here")).status).toBe(404);
    await stillAnswers();
  });
});

describe("fault controls", () => {
  it("latency and jitter delay answers", async () => {
    sandbox.faults.set({ latencyMs: 120, jitterMs: 30 });
    const started = Date.now();
    await stillAnswers();
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it("an error rate of 1 answers 503 every time", async () => {
    sandbox.faults.set({ errorRate: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${sandbox.url}/apiv2student/ping`)).status).toBe(503);
    }
    sandbox.faults.set({ errorRate: 0 });
    await stillAnswers();
  });

  it("scripted 503 and 429 fire for the next requests only, in order", async () => {
    sandbox.faults.script("503");
    sandbox.faults.script("429", 2);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${sandbox.url}/apiv2student/ping`)).status);
    expect(statuses).toEqual([503, 429, 429, 200]);
  });

  it("a scripted reset drops the connection, malformed sends broken JSON, stall never answers", async () => {
    sandbox.faults.script("reset");
    await expect(fetch(`${sandbox.url}/apiv2student/ping`)).rejects.toThrow();
    sandbox.faults.script("malformed");
    const malformed = await fetch(`${sandbox.url}/apiv2student/ping`);
    await expect(malformed.json()).rejects.toThrow();
    sandbox.faults.script("stall");
    await expect(
      fetch(`${sandbox.url}/apiv2student/ping`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    await stillAnswers();
  });

  it("faults are settable over HTTP, and stats count requests by path", async () => {
    const set = await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ script: { fault: "503", count: 1 } }),
    });
    expect(await set.json()).toMatchObject({ pending: 1 });
    expect((await fetch(`${sandbox.url}/apiv2student/ping`)).status).toBe(503);
    const before = sandbox.server.stats.byPath.get("/apiv2student/ping") ?? 0;
    await stillAnswers();
    const stats = (await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()) as {
      byPath: Record<string, number>;
    };
    expect(stats.byPath["/apiv2student/ping"]).toBe(before + 1);
  });
});
