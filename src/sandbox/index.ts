import type { ConnectionConfig } from "../config/schema.js";
import { startCentreCareOsSandbox } from "./centrecareos/index.js";
import { startClassChartsSandbox } from "./classcharts/index.js";
import { createClock, type SandboxClock } from "./common/clock.js";
import type { ProviderSandbox } from "./common/types.js";
import type { SandboxVariant } from "./common/variants.js";
import { startHubmisSandbox } from "./hubmis/index.js";

export interface SandboxOptions {
  seed?: number;
  timeScale?: number;
  /** The instant the sandbox starts at (default: now); its clock runs on from there at `timeScale`. */
  now?: number | string;
  /** A clock to share instead (tests pin one and hand it to the connectors too). */
  clock?: SandboxClock;
  /** Which open reading of the documents the three servers follow (src/sandbox/common/variants.ts). */
  variant?: SandboxVariant;
  /** First port; providers take port, port+1, port+2. 0 or absent: ephemeral ports. */
  port?: number;
  host?: string;
  latencyMs?: number;
  jitterMs?: number;
}

export interface Sandbox {
  clock: SandboxClock;
  centrecareos: ProviderSandbox;
  hubmis: ProviderSandbox;
  classcharts: ProviderSandbox;
  /** Every demo connection, pointing at these servers. */
  connections: Record<string, ConnectionConfig>;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 20260901;

/** Starts the three simulated providers on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? createClock(options.timeScale ?? 1, options.now);
  const seed = options.seed ?? DEFAULT_SEED;
  const common = (offset: number) => ({
    seed,
    clock,
    ...(options.port ? { port: options.port + offset } : {}),
    ...(options.host ? { host: options.host } : {}),
    latencyMs: options.latencyMs ?? 0,
    jitterMs: options.jitterMs ?? 0,
    ...(options.variant ? { variant: options.variant } : {}),
  });
  const centrecareos = await startCentreCareOsSandbox(common(0));
  const hubmis = await startHubmisSandbox(common(1));
  const classcharts = await startClassChartsSandbox(common(2));
  return {
    clock,
    centrecareos,
    hubmis,
    classcharts,
    connections: { ...centrecareos.connections, ...hubmis.connections, ...classcharts.connections },
    close: async () => {
      await Promise.all([centrecareos.close(), hubmis.close(), classcharts.close()]);
    },
  };
}
