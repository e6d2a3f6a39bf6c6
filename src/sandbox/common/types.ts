import type { ConnectionConfig } from "../../config/schema.js";
import type { SandboxClock } from "./clock.js";
import type { FaultControls } from "./faults.js";
import type { RunningServer } from "./http.js";
import type { SandboxVariant } from "./variants.js";

/** What every provider's sandbox start function takes. */
export interface ProviderSandboxOptions {
  seed: number;
  clock: SandboxClock;
  port?: number;
  host?: string;
  /** Demo latency (ms) applied through the fault controls; tests use 0. */
  latencyMs?: number;
  jitterMs?: number;
  /** Which open reading of the documents this server follows (default: the demo's). */
  variant?: SandboxVariant;
  /** The provider's rate-limit windows run this many times faster than the clock (dates keep the clock's pace). */
  rateLimitScale?: number;
}

/** What every provider's sandbox start function returns. */
export interface ProviderSandbox {
  url: string;
  server: RunningServer;
  faults: FaultControls;
  /** Ready-made connection configs (demo credentials, baseUrl pointing here), keyed by connection id. */
  connections: Record<string, ConnectionConfig>;
  /** Credentials a person can try by hand, for `school-mcp sandbox` to print. */
  credentials: Record<string, string>;
  close(): Promise<void>;
}
