import type { ConnectionConfig } from "../config/schema.js";
import type { Connector } from "../domain/connector.js";
import type { Logger } from "../log.js";
import type { Clock } from "../time/clock.js";
import type { RateStore, SharedCache } from "../upstream/types.js";

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

export type ConnectorFactory<C extends ConnectionConfig = ConnectionConfig> = (
  id: string,
  config: C,
  deps: ConnectorDeps,
) => Connector;
