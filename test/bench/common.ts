/** Pieces the provider benchmarks share. */

/**
 * Sends `total` requests from `concurrency` workers drawing on one counter. `send` resolves true when the
 * answer counts as a success. The rate is over the whole run, in requests a second.
 */
export async function measureThroughput(
  total: number,
  concurrency: number,
  send: () => Promise<boolean>,
): Promise<{ ok: number; rate: number }> {
  let ok = 0;
  let next = 0;
  const worker = async () => {
    while (next < total) {
      next++;
      if (await send()) ok++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { ok, rate: Math.round(total / seconds) };
}

/**
 * A `measure(label, run)` that prints how long the run took and how many upstream requests it cost, read
 * from the sandbox's own count before and after.
 */
export function upstreamCostPrinter(upstreamRequests: () => number) {
  return async (label: string, run: () => Promise<unknown>): Promise<void> => {
    const before = upstreamRequests();
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    console.log(`  ${label}: ${ms.toFixed(0)} ms, ${upstreamRequests() - before} upstream requests`);
  };
}
