import type { IncomingHttpHeaders } from "node:http";
import type { Random } from "../common/random.js";
import { ApiError } from "./reply.js";

/** Every scope the portal lists. */
export const PORTAL_SCOPES = [
  "students:read",
  "students:write",
  "attendance:read",
  "attendance:write",
  "billing:read",
  "staff:read",
  "rooms:read",
  "reports:read",
  "messages:read",
  "messages:write",
] as const;
export type PortalScope = (typeof PORTAL_SCOPES)[number];

export interface ApiKey {
  /** Short name for people and logs; never the key itself. */
  name: "full" | "read-only" | "no-messages-write" | "no-billing" | "revoked";
  key: string;
  scopes: ReadonlySet<PortalScope>;
  revoked: boolean;
}

const KEY_FORMAT = /^ccapi_[A-Za-z0-9]{32}$/;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function makeKey(random: Random): string {
  let body = "";
  for (let i = 0; i < 32; i++) body += ALPHANUMERIC[random.int(0, ALPHANUMERIC.length - 1)];
  return `ccapi_${body}`;
}

/** The demo keys, derived from the seed so they are stable across runs. */
export function demoKeys(random: Random): ApiKey[] {
  const all = new Set<PortalScope>(PORTAL_SCOPES);
  const without = (...drop: PortalScope[]) => new Set(PORTAL_SCOPES.filter((s) => !drop.includes(s)));
  return [
    { name: "full", key: makeKey(random), scopes: all, revoked: false },
    {
      name: "read-only",
      key: makeKey(random),
      scopes: new Set(PORTAL_SCOPES.filter((s) => s.endsWith(":read"))),
      revoked: false,
    },
    { name: "no-messages-write", key: makeKey(random), scopes: without("messages:write"), revoked: false },
    { name: "no-billing", key: makeKey(random), scopes: without("billing:read"), revoked: false },
    { name: "revoked", key: makeKey(random), scopes: all, revoked: true },
  ];
}

/** Finds the key the request presents; 401 INVALID_API_KEY for a missing, malformed, unknown or revoked one. */
export function authenticate(headers: IncomingHttpHeaders, keys: ReadonlyMap<string, ApiKey>): ApiKey {
  const header = headers["authorization"];
  if (typeof header !== "string" || header.trim() === "") {
    throw new ApiError(401, "INVALID_API_KEY", "Missing API key. Send Authorization: Bearer ccapi_...");
  }
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const presented = match?.[1];
  if (presented === undefined || !KEY_FORMAT.test(presented)) {
    throw new ApiError(401, "INVALID_API_KEY", "Invalid API key format");
  }
  const key = keys.get(presented);
  if (!key) throw new ApiError(401, "INVALID_API_KEY", "Invalid API key");
  if (key.revoked) throw new ApiError(401, "INVALID_API_KEY", "This API key has been revoked");
  return key;
}

export function requireScope(key: ApiKey, scope: PortalScope): void {
  if (!key.scopes.has(scope)) {
    throw new ApiError(403, "INVALID_SCOPE", `Your API key does not have the required scope: ${scope}`);
  }
}
