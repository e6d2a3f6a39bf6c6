import type { ConnectionConfig } from "../config/schema.js";
import { PROVIDERS } from "../providers/index.js";
import type { AnyProvider } from "../providers/types.js";
import { createClock, type SandboxClock } from "./common/clock.js";
import type { ProviderSandbox } from "./common/types.js";
import type { SandboxVariant } from "./common/variants.js";

export interface SandboxOptions {
  seed?: number;
  timeScale?: number;
  /** The instant the sandbox starts at (default: now); its clock runs on from there at `timeScale`. */
  now?: number | string;
  /** A clock to share instead (tests pin one and hand it to the connectors too). */
  clock?: SandboxClock;
  /** Which open reading of the documents the three servers follow (src/sandbox/common/variants.ts). */
  variant?: SandboxVariant;
  /** The providers to simulate (default: every one in the list that has a sandbox). */
  providers?: readonly AnyProvider[];
  /** First port; providers take port, port+1, port+2, … in the list's order. 0 or absent: ephemeral ports. */
  port?: number;
  host?: string;
  latencyMs?: number;
  jitterMs?: number;
  /** Per provider: its rate-limit windows run this many times faster than the clock (the demo: HUBmis 10). */
  rateLimitScale?: Partial<Record<string, number>>;
}

export interface Sandbox {
  clock: SandboxClock;
  /** Per provider, how much faster than the clock its rate-limit windows run, where they do. */
  rateLimitScale: Partial<Record<string, number>>;
  /** Each simulated provider by name, in the list's order. */
  providers: Record<string, ProviderSandbox>;
  /** Every demo connection, pointing at these servers. */
  connections: Record<string, ConnectionConfig>;
  close(): Promise<void>;
}

export const DEFAULT_SEED = 20260901;

/** Starts the simulated providers on loopback. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? createClock(options.timeScale ?? 1, options.now);
  const seed = options.seed ?? DEFAULT_SEED;
  const simulated = (options.providers ?? PROVIDERS).filter((provider) => provider.sandbox !== undefined);
  const providers: Record<string, ProviderSandbox> = {};
  try {
    for (const [offset, provider] of simulated.entries()) {
      providers[provider.name] = await (provider.sandbox as NonNullable<AnyProvider["sandbox"]>)({
        seed,
        clock,
        ...(options.port ? { port: options.port + offset } : {}),
        ...(options.host ? { host: options.host } : {}),
        latencyMs: options.latencyMs ?? 0,
        jitterMs: options.jitterMs ?? 0,
        ...(options.variant ? { variant: options.variant } : {}),
        ...(options.rateLimitScale?.[provider.name]
          ? { rateLimitScale: options.rateLimitScale[provider.name] }
          : {}),
      });
    }
  } catch (error) {
    await Promise.all(Object.values(providers).map((running) => running.close()));
    throw error;
  }
  return {
    clock,
    rateLimitScale: { ...options.rateLimitScale },
    providers,
    connections: Object.assign({}, ...Object.values(providers).map((running) => running.connections)),
    close: async () => {
      await Promise.all(Object.values(providers).map((running) => running.close()));
    },
  };
}
