import type { SandboxClock } from "../common/clock.js";
import type { SandboxHandler, SandboxReply, SandboxRequest } from "../common/http.js";
import { type VariantFlags, variantFlags } from "../common/variants.js";
import type { SandboxClient, TokenIssuer } from "./auth.js";
import type { RateLimits } from "./limits.js";
import { ApiError } from "./query.js";
import { match, type Route } from "./router.js";
import { PASTORAL_ROUTES } from "./routes-pastoral.js";
import { PEOPLE_ROUTES } from "./routes-people.js";
import { REPORT_ROUTES } from "./routes-reports.js";
import { SCHOOL_ROUTES } from "./routes-school.js";
import { STAFF_DETAIL_ROUTES } from "./routes-staff.js";
import { STRUCTURE_ROUTES } from "./routes-structure.js";
import { SUPPORT_ROUTES } from "./routes-support.js";
import { TIMETABLE_ROUTES } from "./routes-timetable.js";
import type { HubmisStore } from "./store.js";
import { variantAnswer, variantQuery } from "./variants.js";

/**
 * The request pipeline of the simulated HUBmis API under /api/v1: the per-IP limit first (every request
 * counts, signed in or not), then the bearer token, the per-client bucket, the Realm header, the optional
 * academic-year-id header, and finally the route. Every answer carries the X-RateLimit-* headers.
 */

const ROUTES: readonly Route[] = [
  ...TIMETABLE_ROUTES,
  ...PASTORAL_ROUTES,
  ...STAFF_DETAIL_ROUTES,
  ...PEOPLE_ROUTES,
  ...SCHOOL_ROUTES,
  ...STRUCTURE_ROUTES,
  ...SUPPORT_ROUTES,
  ...REPORT_ROUTES,
];

const ERROR_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "payload_too_large",
  429: "too_many_requests",
  500: "server_error",
};

/** HUBmis's error body: a machine code, a sentence, and the status repeated. */
export function errorReply(
  status: number,
  message: string,
  code?: string,
  headers?: Record<string, string>,
): SandboxReply {
  return {
    status,
    ...(headers ? { headers } : {}),
    json: { error: code ?? ERROR_CODES[status] ?? "error", message, status_code: status },
  };
}

export interface HubmisServerOptions {
  store: HubmisStore;
  clock: SandboxClock;
  issuer: TokenIssuer;
  limits: RateLimits;
  /** The open reading of the documents this server follows (default: the demo's). */
  variant?: VariantFlags;
}

export function createHubmisHandler(options: HubmisServerOptions): SandboxHandler {
  const { store, clock, issuer, limits } = options;
  const flags = options.variant ?? variantFlags("default");

  const tokenRequest = (req: SandboxRequest): SandboxReply => {
    const decision = limits.admit(req.ip);
    if (!decision.allowed) return tooMany(decision.headers);
    if (req.method !== "POST")
      return errorReply(405, "Use POST to request a token", undefined, decision.headers);
    try {
      return { status: 200, headers: decision.headers, json: issuer.issue(req.body) };
    } catch (error) {
      if (error instanceof ApiError)
        return errorReply(error.status, error.message, error.code, decision.headers);
      throw error;
    }
  };

  const apiRequest = (req: SandboxRequest, rest: string[]): SandboxReply => {
    let client: SandboxClient | undefined;
    let authError: ApiError | undefined;
    try {
      client = issuer.authenticate(header(req, "authorization"));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      authError = error;
    }
    const decision = limits.admit(req.ip, client?.clientId);
    if (!decision.allowed) return tooMany(decision.headers);
    const headers = decision.headers;
    try {
      if (authError || !client) throw authError ?? new ApiError(401, "unauthenticated", "Unauthenticated.");
      const realm = header(req, "realm")?.trim();
      if (!realm)
        throw new ApiError(
          400,
          "realm_required",
          "The Realm header is required (the school's realm ID, e.g. S999).",
        );
      if (!client.realms.includes(realm)) {
        throw new ApiError(
          403,
          "invalid_realm",
          `Realm '${realm.slice(0, 32)}' is not available to this client.`,
        );
      }
      const academicYearId = academicYear(store, header(req, "academic-year-id"));
      if (req.method !== "GET" && req.method !== "HEAD") {
        throw new ApiError(405, "method_not_allowed", "The HUBmis API is read-only here; use GET.");
      }
      const found = match(ROUTES, rest);
      if (!found) throw new ApiError(404, "not_found", "No such resource");
      const pattern = found.route.pattern.join("/");
      const json = found.route.handler({
        store,
        clock,
        params: found.params,
        query: variantQuery(pattern, req.query, flags),
        academicYearId,
      });
      return { status: 200, headers, json: variantAnswer(pattern, json, found.params, flags) };
    } catch (error) {
      if (error instanceof ApiError) return errorReply(error.status, error.message, error.code, headers);
      throw error;
    }
  };

  return (req) => {
    const [api, version, ...rest] = req.segments;
    if (api !== "api" || version !== "v1") return errorReply(404, "Not found: the API lives under /api/v1");
    if (rest.length === 1 && rest[0] === "token") return tokenRequest(req);
    return apiRequest(req, rest);
  };
}

function tooMany(headers: Record<string, string>): SandboxReply {
  return errorReply(429, "Too Many Attempts.", "too_many_requests", headers);
}

function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function academicYear(store: HubmisStore, raw: string | undefined): number {
  const current = store.data.calendar.academicYears.find((y) => y.current)?.id ?? 0;
  if (raw === undefined || raw.trim() === "") return current;
  const id = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!store.knownYear(id)) {
    throw new ApiError(
      400,
      "invalid_academic_year",
      "The academic-year-id header names no academic year of this school.",
    );
  }
  return id;
}
