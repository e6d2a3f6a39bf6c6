import type { HubmisConnection } from "../../providers/hubmis/config.js";
import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { localToday } from "../../time/local.js";
import { createClock, type SandboxClock } from "../common/clock.js";
import { startSandboxServer } from "../common/http.js";
import { createRandom } from "../common/random.js";
import type { ProviderSandbox, ProviderSandboxOptions } from "../common/types.js";
import { variantFlags } from "../common/variants.js";
import { type SandboxClient, TokenIssuer } from "./auth.js";
import { generateHubmisData, OAKFIELD_REALM } from "./data.js";
import { DEFAULT_LIMITS, RateLimits } from "./limits.js";
import type { HubmisDataset } from "./model.js";
import { createHubmisHandler, errorReply } from "./server.js";
import { HubmisStore } from "./store.js";

export { generateHubmisData } from "./data.js";

export interface HubmisSandboxOptions extends ProviderSandboxOptions {
  /** Access-token lifetime in simulated seconds (HUBmis: 15 minutes). */
  tokenTtlSeconds?: number;
  /** Requests a minute per IP (HUBmis: 12). */
  perMinute?: number;
  /** Per-client bucket size (HUBmis: 500). */
  bucketCapacity?: number;
}

/** The running sandbox, plus what tests inspect: the dataset, the limiter's refusals and issued tokens. */
export interface HubmisSandbox extends ProviderSandbox {
  /** The clock the sandbox runs on; connectors given it share its "today". */
  clock: SandboxClock;
  data: HubmisDataset;
  limits: RateLimits;
  issuer: TokenIssuer;
}

/** Demo client credentials: fictional values that only this sandbox accepts. */
export const OAKFIELD_CLIENT: SandboxClient = {
  clientId: "oakfield-demo-client",
  clientSecret: "oakfield-demo-secret",
  realms: [OAKFIELD_REALM],
};

export const OAKFIELD_SCOPES = [
  "students:read",
  "attendance:read",
  "timetable:read",
  "wellbeing:read",
  "staff:read",
  "rooms:read",
];

/**
 * Oakfield School on a simulated HUBmis API, on loopback. The data is built around the clock's London date
 * at start; as the clock runs on, registers and records appear when their time comes.
 */
export async function startHubmisSandbox(options: HubmisSandboxOptions): Promise<HubmisSandbox> {
  const random = createRandom(options.seed);
  const data = generateHubmisData({ seed: options.seed, today: localToday(options.clock, TIME_ZONE) });
  const store = new HubmisStore(data);
  const issuer = new TokenIssuer(options.clock, [OAKFIELD_CLIENT], options.tokenTtlSeconds);
  // Rate windows may run faster than the clock (the demo's 10x), so questions come back to back while every
  // date and time the sandbox serves keeps the clock's pace.
  const rateScale = options.rateLimitScale ?? 1;
  const rateClock =
    rateScale === 1 ? options.clock : createClock(options.clock.scale * rateScale, options.clock.now());
  const limits = new RateLimits(rateClock, {
    ...DEFAULT_LIMITS,
    ...(options.perMinute === undefined ? {} : { perMinute: options.perMinute }),
    ...(options.bucketCapacity === undefined ? {} : { bucketCapacity: options.bucketCapacity }),
  });
  const server = await startSandboxServer(
    createHubmisHandler({
      store,
      clock: options.clock,
      issuer,
      limits,
      variant: variantFlags(options.variant),
    }),
    {
      random: random.fork("server"),
      errorReply: (status, message) => errorReply(status, message),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.host === undefined ? {} : { host: options.host }),
    },
  );
  server.faults.set({ latencyMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 });
  const baseUrl = `${server.url}/api/v1`;
  const oakfield: HubmisConnection = {
    provider: "hubmis",
    label: "Oakfield School",
    clientId: OAKFIELD_CLIENT.clientId,
    clientSecret: OAKFIELD_CLIENT.clientSecret,
    realm: OAKFIELD_REALM,
    baseUrl,
    scopes: [...OAKFIELD_SCOPES],
    ...(rateScale === 1 ? {} : { rateLimitScale: rateScale }),
  };
  return {
    clock: options.clock,
    data,
    limits,
    issuer,
    url: server.url,
    server,
    faults: server.faults,
    connections: { oakfield },
    credentials: {
      "oakfield (HUBmis) token URL": `${baseUrl}/token`,
      "oakfield (HUBmis) client_id": OAKFIELD_CLIENT.clientId,
      "oakfield (HUBmis) client_secret": OAKFIELD_CLIENT.clientSecret,
      "oakfield (HUBmis) Realm": OAKFIELD_REALM,
    },
    close: () => server.close(),
  };
}
