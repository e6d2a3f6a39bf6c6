import type { SandboxHandler, SandboxReply, SandboxRequest } from "../common/http.js";
import { type ApiKey, authenticate, requireScope } from "./auth.js";
import type { RateLimits } from "./limits.js";
import { ApiError, type Envelope, errorReply, type Variant } from "./reply.js";
import { matchRoute } from "./routes.js";
import type { NurseryStore } from "./store.js";
import { routeQuery } from "./variants.js";

export const API_PREFIX = ["api", "v1"];
/** Test and command-line switches that the common /__sandbox/ admin does not cover. */
export const ADMIN_PREFIX = "__sandbox-centrecareos";

export interface CentreCareOsState {
  store: NurseryStore;
  keys: ReadonlyMap<string, ApiKey>;
  limits: RateLimits;
  variant: Variant;
  /** The next N authenticated API requests answer 500 INTERNAL_ERROR in the provider's shape. */
  failNext: number;
  /**
   * Faults for the next writes (POST, PATCH, PUT), in order: a 503 before the service acts, or, after it
   * acted, a 503 or an unreadable answer, as when a gateway fails on the way back. The client cannot tell
   * the first from the others.
   */
  writeFaults?: WriteFault[];
}

export const WRITE_FAULTS = ["503-before", "503-after", "malformed-after"] as const;
export type WriteFault = (typeof WRITE_FAULTS)[number];

/**
 * Order of checks, as a gateway would run them: key (401), rate limit (429, counted per key, or per IP
 * before a key is known), scripted 500s, route (404), scope (403), then the handler (400/404).
 */
export function createHandler(state: CentreCareOsState): SandboxHandler {
  return (req) => {
    if (req.segments[0] === ADMIN_PREFIX) return admin(req, state);
    let limitHeaders: Record<string, string> = {};
    try {
      let key: ApiKey;
      try {
        key = authenticate(req.headers, state.keys);
      } catch (error) {
        limitHeaders = state.limits.take(`ip:${req.ip}`);
        throw error;
      }
      limitHeaders = state.limits.take(`key:${key.name}`);
      if (state.failNext > 0) {
        state.failNext--;
        throw new ApiError(500, "INTERNAL_ERROR", "An internal error occurred. Please try again later.");
      }
      const isApi = API_PREFIX.every((part, i) => req.segments[i] === part);
      const found = isApi ? matchRoute(req.method, req.segments.slice(API_PREFIX.length)) : undefined;
      if (!found) throw new ApiError(404, "NOT_FOUND", `No endpoint ${req.method} ${req.path.slice(0, 200)}`);
      requireScope(key, found.route.scope);
      const query = routeQuery(found.route.path, req.query, state.variant.flags);
      const fault = found.route.method === "GET" ? undefined : state.writeFaults?.shift();
      const unavailable = { ...errorReply(503, "Service temporarily unavailable"), headers: limitHeaders };
      if (fault === "503-before") return unavailable;
      const reply = found.route.handle({
        req: query === req.query ? req : { ...req, query },
        params: found.params,
        store: state.store,
        variant: state.variant,
      });
      if (fault === "503-after") return unavailable;
      if (fault === "malformed-after") {
        return {
          status: reply.status,
          headers: { ...limitHeaders, "content-type": "application/json" },
          text: '{"data": {"id": ',
        };
      }
      return { ...reply, headers: { ...limitHeaders, ...reply.headers } };
    } catch (error) {
      if (error instanceof ApiError) {
        const reply = errorReply(error.status, error.message, error.code);
        return { ...reply, headers: { ...limitHeaders, ...error.headers } };
      }
      return { ...errorReply(500, "An internal error occurred."), headers: limitHeaders };
    }
  };
}

/**
 * POST /__sandbox-centrecareos/variant {envelope?, numbersAsStrings?}; /limits {perHour?, perDay?, reset?};
 * /fail {count}; /write-faults {faults: [WriteFault, ...]}; GET /__sandbox-centrecareos/state (429s answered, current settings).
 */
function admin(req: SandboxRequest, state: CentreCareOsState): SandboxReply {
  const action = req.segments[1];
  if (req.method === "GET" && action === "state") {
    return {
      status: 200,
      json: {
        variant: state.variant,
        limits: state.limits.settings,
        rateLimited: state.limits.rejected,
        failNext: state.failNext,
      },
    };
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  if (req.method !== "POST" || typeof body !== "object" || Array.isArray(body)) {
    return errorReply(404, "Unknown sandbox control");
  }
  if (action === "variant") {
    const envelope = body["envelope"];
    if (envelope !== undefined && envelope !== "wrapped" && envelope !== "bare") {
      return errorReply(400, "envelope must be wrapped or bare");
    }
    if (envelope) state.variant.envelope = envelope as Envelope;
    if (typeof body["numbersAsStrings"] === "boolean")
      state.variant.numbersAsStrings = body["numbersAsStrings"];
    return { status: 200, json: { variant: state.variant } };
  }
  if (action === "limits") {
    if (body["reset"] === true) state.limits.reset();
    for (const name of ["perHour", "perDay"] as const) {
      const value = body[name];
      if (value === undefined) continue;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        return errorReply(400, `${name} must be a positive integer`);
      }
      state.limits.settings = { ...state.limits.settings, [name]: value };
    }
    return { status: 200, json: { limits: state.limits.settings } };
  }
  if (action === "write-faults") {
    const faults = body["faults"];
    const known = (f: unknown): f is WriteFault => WRITE_FAULTS.includes(f as WriteFault);
    if (!Array.isArray(faults) || !faults.every(known)) {
      return errorReply(400, `faults must be a list of ${WRITE_FAULTS.join(", ")}`);
    }
    state.writeFaults = [...faults];
    return { status: 200, json: { writeFaults: state.writeFaults } };
  }
  if (action === "fail") {
    const count = body["count"] ?? 1;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
      return errorReply(400, "count must be a non-negative integer");
    }
    state.failNext = count;
    return { status: 200, json: { failNext: count } };
  }
  return errorReply(404, "Unknown sandbox control");
}
