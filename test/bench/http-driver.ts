/**
 * The clients of the HTTP benchmark, run in a worker thread: on a real deployment the clients are other
 * machines, so their own work (building requests, reading answers) must not share the server's thread.
 * Each run sends `total` POSTs from `clients` concurrent workers and times each one.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Pool } from "undici";

export interface DriveRequest {
  url: string;
  body: unknown;
  token: string;
  clients: number;
  total: number;
  warmup: number;
}

export interface Figures {
  rate: number;
  ok: number;
  p50: number;
  p99: number;
}

async function drive(request: DriveRequest): Promise<Figures> {
  const target = new URL(request.url);
  const pool = new Pool(target.origin, { connections: request.clients });
  const payload = JSON.stringify(request.body);
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    authorization: `Bearer ${request.token}`,
  };
  const send = async (): Promise<boolean> => {
    const res = await pool.request({ method: "POST", path: target.pathname, headers, body: payload });
    const text = await res.body.text();
    return res.statusCode === 200 && !text.includes('"isError":true');
  };
  for (let i = 0; i < request.warmup; i++) await send();
  const latencies: number[] = [];
  let ok = 0;
  let next = 0;
  const worker = async () => {
    while (next < request.total) {
      next++;
      const start = performance.now();
      if (await send()) ok++;
      latencies.push(performance.now() - start);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: request.clients }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { rate: Math.round(request.total / seconds), ok, p50: at(0.5), p99: at(0.99) };
}

if (parentPort && workerData) {
  parentPort.postMessage(await drive(workerData as DriveRequest));
}
