import { pathToFileURL } from "node:url";
import { Pool } from "undici";
import { startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";

/**
 * Sandbox throughput: how many authenticated list requests a second one simulated provider answers on this
 * machine, driven over loopback with 32 keep-alive connections. Limits are lifted so every answer is a 200.
 */
export async function runSandboxBench(): Promise<void> {
  const sandbox = await startCentreCareOsSandbox({
    seed: 1,
    clock: createClock(1),
    limits: { perHour: 1e9, perDay: 1e9 },
  });
  const pool = new Pool(sandbox.url, { connections: 32, pipelining: 1 });
  const headers = { authorization: `Bearer ${sandbox.keys.full}` };
  const total = 10_000;
  let ok = 0;
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      const res = await pool.request({ method: "GET", path: "/api/v1/students?perPage=20", headers });
      await res.body.text();
      if (res.statusCode === 200) ok++;
    }
  };
  // Warm up the JIT and the connections before timing.
  await Promise.all(
    Array.from({ length: 32 }, () =>
      pool.request({ method: "GET", path: "/api/v1/rooms", headers }).then((r) => r.body.text()),
    ),
  );
  const started = performance.now();
  await Promise.all(Array.from({ length: 64 }, worker));
  const seconds = (performance.now() - started) / 1000;
  console.log("sandbox throughput (CentreCareOS GET /students?perPage=20, 64 concurrent, loopback)");
  console.log(
    `  requests: ${total}, 200s: ${ok}, time: ${seconds.toFixed(2)} s, rate: ${Math.round(total / seconds)} req/s`,
  );
  await pool.close();
  await sandbox.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runSandboxBench();
}
