import http from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { Pool } from "undici";
import { silentLogger } from "../../src/log.js";
import {
  type CacheKind,
  createSharedCache,
  UpstreamClient,
  type UpstreamRequest,
} from "../../src/upstream/index.js";

/**
 * The upstream layer's cost and savings on this machine, over loopback:
 * 1. a cached call through UpstreamClient versus a direct undici request to the same server (medians, ratio);
 * 2. upstream requests issued for a burst of 100 mixed tool-shaped calls, with and without cache and
 *    single-flight.
 */
export async function runUpstreamBench(): Promise<void> {
  const students = Array.from({ length: 20 }, (_, i) => ({
    id: String(5000 + i),
    firstName: `First${i}`,
    lastName: `Last${i}`,
    yearGroup: 7 + (i % 5),
    form: `${7 + (i % 5)}R`,
  }));
  let upstreamRequests = 0;
  const server = http.createServer((req, res) => {
    upstreamRequests++;
    const body = JSON.stringify({
      data: req.url?.startsWith("/students") ? students : { ok: true, url: req.url },
    });
    // A little think time, as a real upstream has; the latency comparison uses the same server for both.
    const reply = () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.url?.includes("slow=1")) setTimeout(reply, 10);
    else reply();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // 1. Latency: cached call vs direct request.
  const iterations = 2_000;
  const pool = new Pool(origin, { connections: 4 });
  const direct: number[] = [];
  for (let i = 0; i < iterations + 200; i++) {
    const started = performance.now();
    const response = await pool.request({ method: "GET", path: "/students?perPage=20" });
    await response.body.json();
    if (i >= 200) direct.push(performance.now() - started);
  }
  await pool.close();

  const client = new UpstreamClient({
    provider: "Bench",
    connection: "bench",
    baseUrl: origin,
    credentialKey: "bench-key",
    rateLimit: { windows: [], concurrency: 16, maxQueueWaitMs: 10_000 },
    logger: silentLogger,
    cache: createSharedCache("memory"),
  });
  const cachedReq: UpstreamRequest = {
    method: "GET",
    path: "/students",
    query: { perPage: 20 },
    cache: { kind: "directory" },
  };
  const cached: number[] = [];
  for (let i = 0; i < iterations + 200; i++) {
    const started = performance.now();
    await client.request(cachedReq, { scopeKey: "students:read" });
    if (i >= 200) cached.push(performance.now() - started);
  }
  await client.close();
  const directMedian = median(direct);
  const cachedMedian = median(cached);
  console.log("upstream layer: cached call vs direct undici request (GET /students?perPage=20, loopback)");
  console.log(`  direct undici request, median: ${formatMs(directMedian)}`);
  console.log(`  cached call through UpstreamClient, median: ${formatMs(cachedMedian)}`);
  console.log(`  ratio (direct / cached): ${(directMedian / cachedMedian).toFixed(1)}x`);

  // 2. A burst of 100 tool-shaped calls.
  const burst = toolShapedBurst(100);
  const withLayer = await countBurst(origin, burst, true, () => upstreamRequests);
  const without = await countBurst(origin, burst, false, () => upstreamRequests);
  console.log("upstream requests for a burst of 100 mixed tool-shaped calls (all issued at once)");
  console.log(
    `  without cache and single-flight: ${without.first} (a second identical burst: ${without.second})`,
  );
  console.log(
    `  with cache and single-flight:    ${withLayer.first} (a second identical burst: ${withLayer.second})`,
  );

  await new Promise<void>((resolve) => server.close(() => resolve()));
}

interface ToolCall {
  tool: string;
  req: UpstreamRequest;
}

/**
 * What an assistant's burst looks like: a directory lookup or two, today's attendance, timetables and
 * details for a handful of students (asked about repeatedly), recent wellbeing events, and a few writes.
 */
function toolShapedBurst(count: number): ToolCall[] {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const studentIds = ["5001", "5002", "5003", "5004", "5005", "5006", "5007", "5008"];
  const get = (path: string, kind: CacheKind, query?: UpstreamRequest["query"]): UpstreamRequest => ({
    method: "GET",
    path,
    query: { ...query, slow: 1 },
    cache: { kind },
  });
  const shapes: Array<() => ToolCall> = [
    () => ({ tool: "list_students", req: get("/students", "directory", { perPage: 100 }) }),
    () => ({ tool: "get_attendance", req: get("/attendance", "live", { date: "2026-11-25" }) }),
    () => ({ tool: "get_student", req: get(`/students/${pick(studentIds)}`, "directory") }),
    () => ({
      tool: "get_timetable",
      req: get(`/students/${pick(studentIds)}/timetable`, "timetable", { date: "2026-11-26" }),
    }),
    () => ({
      tool: "list_wellbeing_events",
      req: get("/wellbeing", "history", { from: "2026-11-18", to: "2026-11-25" }),
    }),
    () => ({ tool: "list_groups", req: get("/rooms", "reference") }),
    () => ({ tool: "list_homework", req: get(`/students/${pick(studentIds)}/homework`, "history") }),
  ];
  const calls: ToolCall[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 25 === 24) {
      calls.push({
        tool: "send_message",
        req: {
          method: "POST",
          path: "/messages",
          json: { text: "Pickup at 3pm" },
          invalidates: ["/messages"],
        },
      });
    } else {
      calls.push(pick(shapes)());
    }
  }
  return calls;
}

async function countBurst(
  origin: string,
  burst: ToolCall[],
  layer: boolean,
  requests: () => number,
): Promise<{ first: number; second: number }> {
  const client = new UpstreamClient({
    provider: "Bench",
    connection: layer ? "bench-layer" : "bench-plain",
    baseUrl: origin,
    credentialKey: "bench-burst",
    rateLimit: { windows: [], concurrency: 16, maxQueueWaitMs: 30_000 },
    logger: silentLogger,
    cache: createSharedCache("memory"),
    coalesce: layer,
  });
  const run = async () => {
    const before = requests();
    await Promise.all(
      burst.map(({ req }) => {
        const { cache, ...plain } = req;
        return client.request(layer ? req : plain, { scopeKey: "all-read" });
      }),
    );
    return requests() - before;
  };
  const first = await run();
  const second = await run();
  await client.close();
  return { first, second };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function formatMs(ms: number): string {
  return ms < 1 ? `${Math.round(ms * 1000)} µs` : `${ms.toFixed(2)} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runUpstreamBench();
}
