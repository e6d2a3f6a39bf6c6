import { SANDBOX_VARIANTS, type SandboxVariant } from "../../sandbox/common/variants.js";
import { startSandbox } from "../../sandbox/index.js";
import type { Flags } from "../options.js";
import { instant, number, variant } from "../options.js";

/** Runs the simulated providers alone and prints how to reach them and a ready config. */
export async function sandbox(flags: Flags): Promise<number> {
  const port = number(flags.port, "port");
  const seed = number(flags.seed, "seed");
  const timeScale = number(flags["time-scale"], "time-scale");
  const running = await startSandbox({
    ...(port ? { port } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(timeScale ? { timeScale } : {}),
    ...(flags.now !== undefined ? { now: instant(flags.now, "now") } : {}),
    ...(flags.variant !== undefined ? { variant: variant(flags.variant) } : {}),
    latencyMs: number(flags["latency-ms"], "latency-ms") ?? 0,
    jitterMs: number(flags["jitter-ms"], "jitter-ms") ?? 0,
  });
  const errorRate = number(flags["error-rate"], "error-rate");
  if (errorRate !== undefined) {
    for (const provider of Object.values(running.providers)) provider.faults.set({ errorRate });
  }
  const out = process.stdout;
  out.write("Sandbox providers (fictional data) are running:\n");
  if (flags.variant !== undefined)
    out.write(`  variant: ${flags.variant} (${SANDBOX_VARIANTS[flags.variant as SandboxVariant]})\n`);
  for (const [name, provider] of Object.entries(running.providers)) {
    out.write(`  ${name.padEnd(13)} ${provider.url}\n`);
    for (const [key, value] of Object.entries(provider.credentials)) out.write(`      ${key}: ${value}\n`);
  }
  const example = Object.values(running.providers)[0]?.url ?? "<url>";
  out.write("\nFault controls: POST <url>/__sandbox/faults with JSON, e.g.\n");
  out.write(
    `  curl -X POST ${example}/__sandbox/faults -H 'content-type: application/json' -d '{"script":{"fault":"503","count":3}}'\n`,
  );
  out.write(
    "  fields: latencyMs, jitterMs, errorRate (0..1), script {fault: 503|429|reset|stall|malformed, count}, reset: true\n",
  );
  out.write("\nA ready mcp.config.json (save it, then: school-mcp check --config mcp.config.json):\n");
  out.write(`${JSON.stringify({ connections: running.connections }, null, 2)}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await running.close();
  return 0;
}
