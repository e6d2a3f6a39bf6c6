import { randomUUID } from "node:crypto";
import type { CallContext, Connector, ConnectorOperations } from "../../src/domain/connector.js";
import { SCOPES, type Scope } from "../../src/domain/scopes.js";
import { silentLogger } from "../../src/log.js";
import { createCentreCareOsConnector } from "../../src/providers/centrecareos/index.js";
import {
  type CentreCareOsSandbox,
  type CentreCareOsSandboxOptions,
  startCentreCareOsSandbox,
} from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { createSharedCache } from "../../src/upstream/index.js";

/** The CentreCareOS connector against its sandbox's nursery over loopback HTTP. */
export type CentreCareOsOps = Connector & ConnectorOperations;

export interface CentreCareOsHarness {
  sandbox: CentreCareOsSandbox;
  connector: CentreCareOsOps;
  /** Closes the connector, then the sandbox it talks to. */
  close(): Promise<void>;
}

export interface CentreCareOsHarnessOptions {
  seed: number;
  /** The sandbox's clock and the connector's rate windows both run this many times faster than real time. */
  scale?: number;
  /** Which of the sandbox's API keys the connector signs in with; the exported connection's when left out. */
  key?: keyof CentreCareOsSandbox["keys"];
  sandbox?: Partial<CentreCareOsSandboxOptions>;
}

export async function startCentreCareOsHarness({
  seed,
  scale = 1,
  key,
  sandbox: sandboxOptions = {},
}: CentreCareOsHarnessOptions): Promise<CentreCareOsHarness> {
  const sandbox = await startCentreCareOsSandbox({ seed, clock: createClock(scale), ...sandboxOptions });
  const base = sandbox.connections["little-acorns"];
  if (base?.provider !== "centrecareos") throw new Error("the sandbox should export little-acorns");
  const connector = createCentreCareOsConnector(
    "little-acorns",
    key ? { ...base, apiKey: sandbox.keys[key] } : base,
    {
      logger: silentLogger,
      cache: createSharedCache("memory", { namespace: `ccos-test-${randomUUID()}` }),
      cacheSensitive: false,
      timeScale: scale,
    },
  ) as CentreCareOsOps;
  return {
    sandbox,
    connector,
    async close() {
      await connector.close();
      await sandbox.close();
    },
  };
}

export function callContext(scopes: readonly Scope[] = SCOPES): CallContext {
  return { scopes: new Set(scopes), caller: "test", logger: silentLogger };
}
