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

export async function startRaw(options: Partial<HubmisSandboxOptions> = {}): Promise<RawHubmis> {
  const sandbox = await startHubmisSandbox({
    seed: 20260901,
    clock: createClock(1),
    perMinute: 100_000,
    ...options,
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

/** Fixed "today" values so data assertions do not depend on the day the suite runs. */
export const WEDNESDAY = new Date("2026-11-25T00:00:00Z");
