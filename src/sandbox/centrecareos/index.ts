import type { CentreCareOsConnection } from "../../providers/centrecareos/config.js";
import { localToday } from "../../time/local.js";
import type { SandboxClock } from "../common/clock.js";
import { startSandboxServer } from "../common/http.js";
import { createRandom } from "../common/random.js";
import type { ProviderSandbox, ProviderSandboxOptions } from "../common/types.js";
import { variantFlags } from "../common/variants.js";
import { type ApiKey, demoKeys } from "./auth.js";
import { generateNursery, type NurserySizes } from "./data.js";
import { type LimitSettings, PORTAL_LIMITS, RateLimits } from "./limits.js";
import { errorReply, type Variant } from "./reply.js";
import { type CentreCareOsState, createHandler } from "./server.js";
import { NurseryStore } from "./store.js";
import { TIME_ZONE } from "./time.js";

export interface CentreCareOsSandboxOptions extends ProviderSandboxOptions {
  /**
   * Answer bare arrays and objects instead of {data, pagination} (the connector must read both); the
   * alt-fields variant answers bare with numbers as strings unless these say otherwise.
   */
  envelope?: Variant["envelope"];
  numbersAsStrings?: boolean;
  /** Per-key limits; the portal's 1,000 an hour and 10,000 a day by default. */
  limits?: Partial<LimitSettings>;
  sizes?: NurserySizes;
}

export interface CentreCareOsSandbox extends ProviderSandbox {
  /** The clock the nursery's today and now come from: hand it to the connectors and the runtime too. */
  clock: SandboxClock;
  /** The live state, for tests that change switches in-process or inspect what was written. */
  state: CentreCareOsState;
  /** Demo keys by name: full, read-only, no-messages-write, no-billing, revoked. */
  keys: Record<ApiKey["name"], string>;
}

/** The connection id the demo and the tests use. */
export const LITTLE_ACORNS = "little-acorns";

/** Our scopes the demo grants Little Acorns: everything CentreCareOS can serve, sensitive:read excepted. */
export const LITTLE_ACORNS_SCOPES = [
  "students:read",
  "students:write",
  "attendance:read",
  "attendance:write",
  "billing:read",
  "staff:read",
  "rooms:read",
  "messages:read",
  "messages:write",
];

/**
 * Starts the simulated CentreCareOS over a seeded Little Acorns Nursery, scheduled around the clock's London
 * day and served up to the clock's now.
 */
export async function startCentreCareOsSandbox(
  options: CentreCareOsSandboxOptions,
): Promise<CentreCareOsSandbox> {
  const random = createRandom(options.seed);
  const flags = variantFlags(options.variant);
  const data = generateNursery({
    seed: options.seed,
    today: localToday(options.clock, TIME_ZONE),
    ...(options.sizes ? { sizes: options.sizes } : {}),
  });
  const apiKeys = demoKeys(random.fork("api-keys"));
  const state: CentreCareOsState = {
    store: new NurseryStore(data, options.clock),
    keys: new Map(apiKeys.map((k) => [k.key, k])),
    limits: new RateLimits(options.clock, { ...PORTAL_LIMITS, ...options.limits }),
    variant: {
      envelope: options.envelope ?? (flags.altFields ? "bare" : "wrapped"),
      numbersAsStrings: options.numbersAsStrings ?? flags.altFields,
      flags,
    },
    failNext: 0,
  };
  const server = await startSandboxServer(createHandler(state), {
    random: random.fork("server"),
    errorReply: (status, message) => errorReply(status, message),
    ...(options.port ? { port: options.port } : {}),
    ...(options.host ? { host: options.host } : {}),
  });
  server.faults.set({ latencyMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 });
  const keys = Object.fromEntries(apiKeys.map((k) => [k.name, k.key])) as Record<ApiKey["name"], string>;
  const connection: CentreCareOsConnection = {
    provider: "centrecareos",
    label: "Little Acorns Nursery (CentreCareOS)",
    apiKey: keys.full,
    baseUrl: `${server.url}/api/v1`,
    scopes: LITTLE_ACORNS_SCOPES,
  };
  return {
    url: server.url,
    clock: options.clock,
    server,
    faults: server.faults,
    connections: { [LITTLE_ACORNS]: connection },
    credentials: Object.fromEntries(apiKeys.map((k) => [`CentreCareOS ${k.name} key`, k.key])),
    state,
    keys,
    close: () => server.close(),
  };
}
