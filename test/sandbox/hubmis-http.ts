import { createClock } from "../../src/sandbox/common/clock.js";
import type { ProviderSandbox } from "../../src/sandbox/common/types.js";
import {
  type HubmisSandboxOptions,
  OAKFIELD_CLIENT,
  startHubmisSandbox,
} from "../../src/sandbox/hubmis/index.js";

/** Raw HTTP against the HUBmis sandbox: fetch, a token, the Realm header. No connector involved. */

export interface RawHubmis {
  sandbox: ProviderSandbox;
  base: string;
  token(body?: Record<string, string>, asJson?: boolean): Promise<Response>;
  signIn(): Promise<string>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  getJson<T = unknown>(
    path: string,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export const DEMO_FORM = {
  grant_type: "client_credentials",
  client_id: OAKFIELD_CLIENT.clientId,
  client_secret: OAKFIELD_CLIENT.clientSecret,
};

/** The sandbox on a clock pinned at `now` (default WEDNESDAY_AFTERNOON), unless a clock is given. */
export async function startRaw(
  options: Partial<HubmisSandboxOptions> & { now?: string } = {},
): Promise<RawHubmis> {
  const { now = WEDNESDAY_AFTERNOON, ...rest } = options;
  const sandbox = await startHubmisSandbox({
    seed: 20260901,
    clock: createClock(1, now),
    perMinute: 100_000,
    ...rest,
  });
  const connection = sandbox.connections["oakfield"];
  if (!connection?.baseUrl) throw new Error("sandbox exported no oakfield connection");
  const base = connection.baseUrl;
  let bearer: string | undefined;
  const raw: RawHubmis = {
    sandbox,
    base,
    token: (body = DEMO_FORM, asJson = false) =>
      fetch(`${base}/token`, {
        method: "POST",
        headers: { "content-type": asJson ? "application/json" : "application/x-www-form-urlencoded" },
        body: asJson ? JSON.stringify(body) : new URLSearchParams(body).toString(),
      }),
    signIn: async () => {
      const response = await raw.token();
      const json = (await response.json()) as { access_token: string };
      bearer = json.access_token;
      return bearer;
    },
    get: async (path, headers = {}) => {
      if (!bearer) await raw.signIn();
      return fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${bearer}`, realm: "S999", ...headers },
      });
    },
    getJson: async <T>(path: string, headers?: Record<string, string>) => {
      const response = await raw.get(path, headers);
      return { status: response.status, body: (await response.json()) as T, headers: response.headers };
    },
    close: () => sandbox.close(),
  };
  return raw;
}

/**
 * A settled school day for the suites that need a full day behind them: Wednesday 25 November 2026 in the
 * Autumn Term, at 16:00 London time (GMT), after both registers.
 */
export const WEDNESDAY = "2026-11-25";
export const WEDNESDAY_AFTERNOON = "2026-11-25T16:00:00Z";

/** What a "today" suite expects of Oakfield at one pinned instant. */
export interface Instant {
  name: string;
  /** The sandbox clock's start. */
  now: string;
  /** London's date at `now`. */
  today: string;
  /** Registers a pupil has for today at `now`. */
  sessionsToday: Array<"am" | "pm">;
  /** The latest day with registers at `now`. */
  lastRegisterDay: string;
  /** Whether pupils are in school today (a weekday in term, no holiday). */
  schoolDay: boolean;
  /** The holiday today falls in, if any. */
  holiday?: string;
}

/**
 * The instants the clock-sensitive suites run at. Crossing midnight has its own tests (a clock that runs on
 * past 00:00), since what is true before it is not after.
 */
export const INSTANTS: readonly Instant[] = [
  {
    name: "06:30 on a school day (Monday 7 December, GMT)",
    now: "2026-12-07T06:30:00Z",
    today: "2026-12-07",
    sessionsToday: [],
    lastRegisterDay: "2026-12-04",
    schoolDay: true,
  },
  {
    name: "10:00 on a school day: the morning register is in, the afternoon's is not",
    now: "2026-12-07T10:00:00Z",
    today: "2026-12-07",
    sessionsToday: ["am"],
    lastRegisterDay: "2026-12-07",
    schoolDay: true,
  },
  {
    name: "12:00 on a Saturday (5 December)",
    now: "2026-12-05T12:00:00Z",
    today: "2026-12-05",
    sessionsToday: [],
    lastRegisterDay: "2026-12-04",
    schoolDay: false,
  },
  {
    name: "10:00 in the Christmas holiday (Monday 28 December)",
    now: "2026-12-28T10:00:00Z",
    today: "2026-12-28",
    sessionsToday: [],
    lastRegisterDay: "2026-12-18",
    schoolDay: false,
    holiday: "Christmas holiday",
  },
  {
    name: "00:30 BST on Wednesday 1 July (still 30 June in UTC)",
    now: "2026-06-30T23:30:00Z",
    today: "2026-07-01",
    sessionsToday: [],
    lastRegisterDay: "2026-06-30",
    schoolDay: true,
  },
];

/** 23:59:54 London time on Wednesday 2 December: a clock at 2x crosses midnight three real seconds in. */
export const BEFORE_MIDNIGHT = { now: "2026-12-02T23:59:54Z", scale: 2, midnight: "2026-12-03T00:00:00Z" };

/** Resolves once `clock` reads `instant` or later. */
export async function waitUntil(clock: { now(): number }, instant: string): Promise<void> {
  const target = Date.parse(instant);
  while (clock.now() < target) await new Promise((resolve) => setTimeout(resolve, 50));
}
