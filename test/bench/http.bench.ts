/**
 * The cached HTTP path against the yardstick: list_students for one nursery room (answered from the cache
 * after the first call) over Streamable HTTP at 20 clients, beside the bare SDK echo server served the same
 * stateless way in the same run. Targets: at least 0.8x the echo server's rate, p99 under 50 ms.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { createMcpHandler, McpServer } from "@modelcontextprotocol/server";
import { Pool } from "undici";
import { z } from "zod";
import { silentLogger } from "../../src/log.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { serveHttp } from "../../src/server/http.js";
import { createRuntime } from "../../src/server/runtime.js";
import { TOOLS } from "../../tools/registry.js";

const CLIENTS = 20;
const TOTAL = 4_000;
const TOKEN = "bench-token-0123456789abcdef";

interface Figures {
  rate: number;
  ok: number;
  p50: number;
  p99: number;
}

/** `TOTAL` POSTs from `CLIENTS` workers, each timed; the rate is over the whole run. */
async function drive(url: string, body: unknown, warmup = 200): Promise<Figures> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: CLIENTS });
  const payload = JSON.stringify(body);
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    authorization: `Bearer ${TOKEN}`,
  };
  const send = async (): Promise<boolean> => {
    const res = await pool.request({ method: "POST", path: target.pathname, headers, body: payload });
    const text = await res.body.text();
    return res.statusCode === 200 && !text.includes('"isError":true');
  };
  for (let i = 0; i < warmup; i++) await send();
  const latencies: number[] = [];
  let ok = 0;
  let next = 0;
  const worker = async () => {
    while (next < TOTAL) {
      next++;
      const start = performance.now();
      if (await send()) ok++;
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rate: Math.round(TOTAL / seconds), ok, p50: at(0.5), p99: at(0.99) };
}

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
    const echo = await drive(bare.url, call("echo", { text: "hello" }));
    const students = await drive(
      http.url,
      call("list_students", { connection: "little-acorns", groupId: "Robins" }),
    );
    const spent = requests() - upstreamBefore;
    const ratio = students.rate / echo.rate;
    console.log(`Cached HTTP path, ${CLIENTS} clients, ${TOTAL} calls each (loopback)`);
    const line = (label: string, f: Figures) =>
      `  ${label}: ${f.rate} calls/s, ok ${f.ok}/${TOTAL}, p50 ${f.p50.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms`;
    console.log(line("bare SDK echo server", echo));
    console.log(line("list_students Robins (cached)", students));
    console.log(
      `  ratio ${ratio.toFixed(2)}x (target >= 0.8x), p99 ${students.p99 < 50 ? "under" : "OVER"} 50 ms, ` +
        `upstream requests for all ${TOTAL + 200} calls: ${spent}`,
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
