import { type CallContext, READ_SCOPES, type Scope } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import type { HubmisConnection } from "../../src/providers/hubmis/config.js";
import { HubmisConnector } from "../../src/providers/hubmis/connector.js";
import { createClock, type SandboxClock } from "../../src/sandbox/common/clock.js";
import {
  type HubmisSandbox,
  type HubmisSandboxOptions,
  startHubmisSandbox,
} from "../../src/sandbox/hubmis/index.js";
import { createSharedCache, type SharedCache } from "../../src/upstream/index.js";
import { WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";

/**
 * The HUBmis connector against its sandbox over loopback HTTP, both on one clock: pinned at `now` (default
 * WEDNESDAY_AFTERNOON), it gives both the same "today", and the sandbox's windows and the connector's rate
 * limiter and token lifetimes run `scale` times faster than real time.
 */
export interface Harness {
  sandbox: HubmisSandbox;
  clock: SandboxClock;
  cache: SharedCache;
  connector: HubmisConnector;
  config: HubmisConnection;
  /** Another connector on the same sandbox (its own cache unless one is given). */
  connect(overrides?: Partial<HubmisConnection>, cache?: SharedCache): HubmisConnector;
  /** Upstream requests the sandbox has answered on a path (or in all). */
  hits(path?: string): number;
  close(): Promise<void>;
}

export async function startHarness(
  scale: number,
  options: Partial<HubmisSandboxOptions> & { cacheSensitive?: boolean; now?: string } = {},
): Promise<Harness> {
  const { now = WEDNESDAY_AFTERNOON, cacheSensitive, ...sandboxOptions } = options;
  const clock = options.clock ?? createClock(scale, now);
  const sandbox = await startHubmisSandbox({ seed: 20260901, ...sandboxOptions, clock });
  const config = sandbox.connections["oakfield"] as HubmisConnection;
  const cache = createSharedCache("memory");
  const made: HubmisConnector[] = [];
  const extraCaches: SharedCache[] = [];
  const connect = (overrides: Partial<HubmisConnection> = {}, own?: SharedCache) => {
    let store = own;
    if (!store) {
      store = createSharedCache("memory");
      extraCaches.push(store);
    }
    const connector = new HubmisConnector(
      "oakfield",
      { ...config, ...overrides },
      {
        logger: silentLogger,
        cache: store,
        cacheSensitive: cacheSensitive ?? false,
        timeScale: scale,
        clock,
      },
    );
    made.push(connector);
    return connector;
  };
  const connector = connect({}, cache);
  const prefix = new URL(config.baseUrl as string).pathname;
  return {
    sandbox,
    clock,
    cache,
    connector,
    config,
    connect,
    hits: (path) =>
      path === undefined
        ? sandbox.server.stats.requests
        : (sandbox.server.stats.byPath.get(`${prefix}${path}`) ?? 0),
    close: async () => {
      for (const c of made) await c.close();
      for (const c of [cache, ...extraCaches]) await c.close();
      await sandbox.close();
    },
  };
}

export function context(extra: Partial<CallContext> & { add?: Scope[] } = {}): CallContext {
  const { add = [], ...rest } = extra;
  return { scopes: new Set<Scope>([...READ_SCOPES, ...add]), caller: "test", logger: silentLogger, ...rest };
}

export const sensitive = () => context({ add: ["sensitive:read"] });
