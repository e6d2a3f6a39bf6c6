import type { z } from "zod";
import type { Connector } from "../domain/connector.js";
import type { Logger } from "../log.js";
import type { ProviderSandbox, ProviderSandboxOptions } from "../sandbox/common/types.js";
import type { Clock } from "../time/clock.js";
import type { RateStore, SharedCache } from "../upstream/index.js";
import type { ConnectionConfig } from "./common/config.js";

export interface ConnectorDeps {
  logger: Logger;
  cache: SharedCache;
  /** Cache sensitive categories too (config cache.cacheSensitive). */
  cacheSensitive: boolean;
  /** Rate limits shared with other replicas through Redis; absent, each process limits on its own. */
  rateStore?: RateStore;
  /** Divides the provider's rate-limit and session windows; tests pair it with the sandbox's time scale. */
  timeScale?: number;
  /** "Today" and every local date come from this clock (default: the wall clock); tests pin it. */
  clock?: Clock;
}

/**
 * Everything the rest of the server knows about a provider. The config's connection union, its JSON
 * Schema, the CLI's sandbox and banner, the server's instructions and the README's tables are read from the
 * list of these (src/providers/index.ts). The heavy parts load only when a connection or the demo needs them.
 */
export interface ProviderDescriptor<C extends ConnectionConfig = ConnectionConfig> {
  /** The `provider` value in a connection's settings. */
  name: string;
  /** How people name it: "WCBS HUBmis". */
  title: string;
  /** What it is, for the server's instructions: "independent-school MIS". */
  serves: string;
  /** The settings of a connection to it; one object schema per form (ClassCharts: parent, pupil). */
  connectionSchemas: readonly [z.ZodType<C>, ...z.ZodType<C>[]];
  create(id: string, config: C, deps: ConnectorDeps): Promise<Connector>;
  /** Starts its simulated provider (demo, tests); absent for a provider without one. */
  sandbox?(options: ProviderSandboxOptions): Promise<ProviderSandbox>;
}

/** A descriptor of any provider, as the list holds them. */
// biome-ignore lint/suspicious/noExplicitAny: the list holds providers of every connection type.
export type AnyProvider = ProviderDescriptor<any>;
