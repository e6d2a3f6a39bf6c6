import { randomUUID } from "node:crypto";
import type { CallContext, Connector, ConnectorOperations } from "../../src/domain/connector.js";
import { SCOPES, type Scope } from "../../src/domain/scopes.js";
import { silentLogger } from "../../src/log.js";
import type { CentreCareOsConnection } from "../../src/providers/centrecareos/config.js";
import { createCentreCareOsConnector } from "../../src/providers/centrecareos/connector.js";
import {
  type CentreCareOsSandbox,
  type CentreCareOsSandboxOptions,
  startCentreCareOsSandbox,
} from "../../src/sandbox/centrecareos/index.js";
import { createClock, type SandboxClock } from "../../src/sandbox/common/clock.js";
import { createSharedCache } from "../../src/upstream/index.js";

/**
 * Instants the "today" suites run at, with what a nursery looks like then (London time; the nursery opens
 * on weekdays, all year round, school holidays included). Of the children who come on a day, all arrive
 * between 07:30 and 09:30, some go home between 12:15 and 13:30, the rest by 18:00.
 */
export interface NurseryInstant {
  name: string;
  at: string;
  /** The nursery's date then: at 00:30 BST it is already the next UTC date. */
  today: string;
  /** Whether the nursery is open that day (weekdays). */
  open: boolean;
  /** Of today's visits: how many have begun, and how many have ended, by then. */
  arrived: "none" | "some" | "all";
  collected: "none" | "some" | "all";
}

export const INSTANTS: readonly NurseryInstant[] = [
  {
    name: "06:30 on a Monday, before opening",
    at: "2026-12-07T06:30:00Z",
    today: "2026-12-07",
    open: true,
    arrived: "none",
    collected: "none",
  },
  {
    name: "08:30 on a Monday, during drop-off",
    at: "2026-12-07T08:30:00Z",
    today: "2026-12-07",
    open: true,
    arrived: "some",
    collected: "none",
  },
  {
    name: "13:00 on a Monday, after lunchtime collections began",
    at: "2026-12-07T13:00:00Z",
    today: "2026-12-07",
    open: true,
    arrived: "all",
    collected: "some",
  },
  {
    name: "12:00 on a Saturday",
    at: "2026-12-05T12:00:00Z",
    today: "2026-12-05",
    open: false,
    arrived: "none",
    collected: "none",
  },
  {
    name: "23:59 on a Wednesday, just before midnight",
    at: "2026-12-02T23:59:00Z",
    today: "2026-12-02",
    open: true,
    arrived: "all",
    collected: "all",
  },
  {
    name: "10:00 BST in the school summer holiday",
    at: "2026-08-12T09:00:00Z",
    today: "2026-08-12",
    open: true,
    arrived: "all",
    collected: "none",
  },
  {
    name: "00:30 BST, already tomorrow's date",
    at: "2026-06-30T23:30:00Z",
    today: "2026-07-01",
    open: true,
    arrived: "none",
    collected: "none",
  },
];

/**
 * Instants a reply must sort first at: the "today" instants, and five past midnight in winter and in summer,
 * hours before the day's first seeded message.
 */
export const REPLY_INSTANTS: readonly { name: string; at: string }[] = [
  ...INSTANTS.map(({ name, at }) => ({ name, at })),
  { name: "00:05 GMT", at: "2026-12-07T00:05:00Z" },
  { name: "00:05 BST", at: "2026-06-30T23:05:00Z" },
];

/**
 * Where the suites that do not test the hour stand: an ordinary Wednesday at 11:00, children in and none
 * collected yet, so their answers are the same whenever they run.
 */
export const ORDINARY_MORNING = "2026-12-02T11:00:00Z";

/** The CentreCareOS connector against its sandbox's nursery over loopback HTTP. */
export type CentreCareOsOps = Connector & ConnectorOperations;

export interface CentreCareOsHarness {
  sandbox: CentreCareOsSandbox;
  connector: CentreCareOsOps;
  /** The one clock the sandbox and the connector share. */
  clock: SandboxClock;
  /** Closes the connector, then the sandbox it talks to. */
  close(): Promise<void>;
}

export interface CentreCareOsHarnessOptions {
  seed: number;
  /** The sandbox's clock and the connector's rate windows both run this many times faster than real time. */
  scale?: number;
  /** The instant the shared clock starts at (default ORDINARY_MORNING). */
  at?: string | number;
  /** Which of the sandbox's API keys the connector signs in with; the exported connection's when left out. */
  key?: keyof CentreCareOsSandbox["keys"];
  sandbox?: Partial<CentreCareOsSandboxOptions>;
}

export async function startCentreCareOsHarness({
  seed,
  scale = 1,
  at = ORDINARY_MORNING,
  key,
  sandbox: sandboxOptions = {},
}: CentreCareOsHarnessOptions): Promise<CentreCareOsHarness> {
  const clock = createClock(scale, at);
  const sandbox = await startCentreCareOsSandbox({ seed, clock, ...sandboxOptions });
  const exported = sandbox.connections["little-acorns"];
  if (exported?.provider !== "centrecareos") throw new Error("the sandbox should export little-acorns");
  const base = exported as CentreCareOsConnection;
  const connector = createCentreCareOsConnector(
    "little-acorns",
    key ? { ...base, apiKey: sandbox.keys[key] } : base,
    {
      logger: silentLogger,
      cache: createSharedCache("memory", { namespace: `ccos-test-${randomUUID()}` }),
      cacheSensitive: false,
      timeScale: scale,
      clock,
    },
  ) as CentreCareOsOps;
  return {
    sandbox,
    connector,
    clock,
    async close() {
      await connector.close();
      await sandbox.close();
    },
  };
}

export function callContext(scopes: readonly Scope[] = SCOPES): CallContext {
  return { scopes: new Set(scopes), caller: "test", logger: silentLogger };
}
