import { randomBytes } from "node:crypto";
import type { Config } from "../config/schema.js";
import type { Connector } from "../domain/connector.js";
import type { Scope } from "../domain/scopes.js";
import { ConfigurationError } from "../errors.js";
import type { Logger } from "../log.js";
import { createConnector } from "../providers/index.js";
import type { AnyProvider } from "../providers/types.js";
import { type Clock, systemClock } from "../time/clock.js";
import { createRateStore, createSharedCache } from "../upstream/index.js";
import { setMaxPauseMs } from "../upstream/rate-limit.js";
import type { RateStore, SharedCache } from "../upstream/types.js";
import { scopeSet } from "./caller.js";
import { type Confirmations, createConfirmations } from "./confirmation.js";
import type { AnyTool } from "./define-tool.js";
import { type DisclosureLog, NO_DISCLOSURE_LOG, openDisclosureLog } from "./disclosure.js";

/** Long answers (a HUBmis form's attendance) stop here and return what they have with a cursor. */
export const DEFAULT_DEADLINE_MS = 20_000;

export interface ConnectionEntry {
  connector: Connector;
  /** Scopes the config grants this connection. */
  scopes: ReadonlySet<Scope>;
}

export interface ToolFilter {
  readOnly: boolean;
  toolsets?: readonly string[];
  tools?: readonly string[];
  excludeTools?: readonly string[];
}

/**
 * Everything that outlives one MCP request: connectors (with their sessions and rate limiters), the shared
 * cache and the confirmation signer. Over HTTP a fresh McpServer is built per request on top of this.
 */
export interface Runtime {
  /** The tool catalogue, handed in by the entry point: the server never reaches up to tools/ itself. */
  tools: readonly AnyTool[];
  connections: ReadonlyMap<string, ConnectionEntry>;
  cache: SharedCache;
  confirmations: Confirmations;
  filter: ToolFilter;
  /** How long a tool call may work before it returns what it has (with a continuation where possible). */
  deadlineMs: number;
  logger: Logger;
  /** The clock "today" comes from, shared with every connector (the sandbox's in the demo). */
  clock: Clock;
  /** Who saw or changed which child's record. */
  disclosures: DisclosureLog;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  readOnly?: boolean;
  toolsets?: string[];
  tools?: string[];
  timeScale?: number;
  clock?: Clock;
  /** The providers connections may name (default: the server's list). */
  providers?: readonly AnyProvider[];
}

export async function createRuntime(
  config: Config,
  logger: Logger,
  tools: readonly AnyTool[],
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const cache = createSharedCache(config.cache.store);
  // The Redis that shares the cache also shares the rate limits, so replicas together keep each budget.
  const rateStore = createRateStore(config.cache.store, { logger });
  const clock = overrides.clock ?? systemClock;
  setMaxPauseMs(config.upstreamMaxPauseSeconds * 1000);
  const durableCache = config.cache.store !== "memory";
  if (config.http.confirmationSecret && !durableCache) {
    // A shared secret means replicas; without a shared store each would honour a confirmation once.
    throw new ConfigurationError(
      "http.confirmationSecret is set for replicas, but cache.store is memory, so a send confirmation could be used once per replica. Set cache.store to a redis:// URL shared by every replica, or remove confirmationSecret for a single server.",
      "http.confirmationSecret",
    );
  }
  const connections = new Map<string, ConnectionEntry>();
  for (const [id, connection] of Object.entries(config.connections)) {
    const connector = await createConnector(
      id,
      connection,
      {
        logger: logger.child({ connection: id }),
        cache,
        cacheSensitive: config.cache.cacheSensitive,
        ...(rateStore ? { rateStore } : {}),
        ...(overrides.timeScale ? { timeScale: overrides.timeScale } : {}),
        clock,
      },
      overrides.providers,
    );
    connections.set(id, { connector, scopes: scopeSet(connection.scopes) });
  }
  return assembleRuntime({
    tools,
    disclosures: await openDisclosureLog(config, logger),
    connections,
    cache,
    ...(rateStore ? { rateStore } : {}),
    logger,
    clock,
    durableCache,
    secret: config.http.confirmationSecret ?? randomBytes(32),
    deadlineMs: config.toolDeadlineSeconds * 1000,
    filter: {
      // Read-only wins: either source turns it on and nothing turns it off.
      readOnly: config.readOnly || overrides.readOnly === true,
      ...pick("toolsets", overrides.toolsets ?? config.toolsets),
      ...pick("tools", overrides.tools ?? config.tools),
      ...pick("excludeTools", config.excludeTools),
    },
  });
}

/** Builds a runtime from ready connectors (tests use a small test connector this way). */
export function assembleRuntime(parts: {
  tools: readonly AnyTool[];
  connections: Map<string, ConnectionEntry>;
  cache: SharedCache;
  rateStore?: RateStore;
  logger: Logger;
  secret: string | Buffer;
  filter: ToolFilter;
  deadlineMs?: number;
  clock?: Clock;
  /** The cache outlives the process (Redis), so used confirmations stay used across restarts. */
  durableCache?: boolean;
  disclosures?: DisclosureLog;
}): Runtime {
  const disclosures = parts.disclosures ?? NO_DISCLOSURE_LOG;
  return {
    tools: parts.tools,
    connections: parts.connections,
    cache: parts.cache,
    confirmations: createConfirmations({
      secret: parts.secret,
      cache: parts.cache,
      durable: parts.durableCache === true,
    }),
    filter: parts.filter,
    deadlineMs: parts.deadlineMs ?? DEFAULT_DEADLINE_MS,
    logger: parts.logger,
    clock: parts.clock ?? systemClock,
    disclosures,
    close: async () => {
      await Promise.allSettled([...parts.connections.values()].map((entry) => entry.connector.close()));
      await disclosures.close();
      await parts.cache.close();
      await parts.rateStore?.close();
    },
  };
}

function pick<K extends string>(
  key: K,
  value: readonly string[] | undefined,
): { [P in K]?: readonly string[] } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: readonly string[] };
}
