/**
 * The cached HTTP path against the yardstick: list_students for one nursery room (answered from the cache
 * after the first call) over Streamable HTTP at 20 clients, beside the bare SDK echo server served the same
 * stateless way in the same run. The clients run in a thread of their own; the two servers take turns,
 * three runs each, and the medians are judged. Targets: at least 0.8x the echo server's rate, p99 under
 * 50 ms.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { z } from "zod";
import { silentLogger } from "../../src/log.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { serveHttp } from "../../src/server/http.js";
import { createRuntime } from "../../src/server/runtime.js";
import { TOOLS } from "../../tools/registry.js";
import type { DriveRequest, Figures } from "./http-driver.js";

const CLIENTS = 20;
const TOTAL = 4_000;
const WARMUP = 200;
/** Runs of each server, alternated, so a slow moment of the machine falls on both alike. */
const ROUNDS = 3;
const TOKEN = "bench-token-0123456789abcdef";

/** One timed run from a fresh client thread, so neither server shares a thread with its clients. */
function drive(url: string, body: unknown): Promise<Figures> {
  const request: DriveRequest = { url, body, token: TOKEN, clients: CLIENTS, total: TOTAL, warmup: WARMUP };
  const worker = new Worker(new URL("./http-driver.js", import.meta.url), { workerData: request });
  return new Promise((resolve, reject) => {
    worker.once("message", (figures: Figures) => {
      resolve(figures);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The SDK's own stateless HTTP shape: a fresh McpServer per request from one handler, one echo tool. */
async function bareEchoServer(): Promise<{ url: string; server: Server }> {
  const handler = toNodeHandler(
    createMcpHandler(
      () => {
        const mcp = new McpServer({ name: "bare", version: "1.0.0" });
        mcp.registerTool(
          "echo",
          { description: "Echoes its text", inputSchema: z.object({ text: z.string() }) },
          async ({ text }) => ({ content: [{ type: "text", text }] }),
        );
        return mcp;
      },
      { responseMode: "json" },
    ),
  );
  const server = createServer((req, res) => {
    void handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mcp`, server };
}

const call = (name: string, args: Record<string, unknown>) => ({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name, arguments: args },
});

export async function runHttpBench(): Promise<void> {
  const sandbox = await startSandbox({ latencyMs: 0 });
  const config = demoConfig(sandbox.connections, { token: TOKEN, port: 0 });
  const runtime = await createRuntime(config, silentLogger, TOOLS, { clock: sandbox.clock });
  const http = await serveHttp(runtime, config.http);
  const bare = await bareEchoServer();
  const requests = () =>
    Object.values(sandbox.providers).reduce((sum, running) => sum + running.server.stats.requests, 0);
  const upstreamBefore = requests();
  try {
    const echoRuns: Figures[] = [];
    const studentRuns: Figures[] = [];
    const studentsCall = call("list_students", { connection: "little-acorns", groupId: "Robins" });
    for (let round = 0; round < ROUNDS; round++) {
      echoRuns.push(await drive(bare.url, call("echo", { text: "hello" })));
      studentRuns.push(await drive(http.url, studentsCall));
    }
    const spent = requests() - upstreamBefore;
    console.log(
      `Cached HTTP path, ${CLIENTS} clients in their own thread, ${ROUNDS} alternated runs of ${TOTAL} calls each (loopback)`,
    );
    const line = (label: string, f: Figures) =>
      `  ${label}: ${f.rate} calls/s, ok ${f.ok}/${TOTAL}, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`;
    for (let round = 0; round < ROUNDS; round++) {
      console.log(line(`run ${round + 1} bare SDK echo server`, echoRuns[round] as Figures));
      console.log(line(`run ${round + 1} list_students Robins (cached)`, studentRuns[round] as Figures));
    }
    const echoRate = median(echoRuns.map((f) => f.rate));
    const studentRate = median(studentRuns.map((f) => f.rate));
    const p99 = median(studentRuns.map((f) => f.p99));
    const ratio = studentRate / echoRate;
    console.log(
      `  median: echo ${echoRate} calls/s, list_students ${studentRate} calls/s, ratio ${ratio.toFixed(2)}x ` +
        `(target >= 0.8x), p99 ${p99.toFixed(1)} ms (${p99 < 50 ? "under" : "OVER"} 50 ms), ` +
        `upstream requests for all ${ROUNDS * (TOTAL + WARMUP)} calls: ${spent}`,
    );
  } finally {
    await new Promise<void>((resolve) => bare.server.close(() => resolve()));
    await http.close();
    await runtime.close();
    await sandbox.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runHttpBench();
}
