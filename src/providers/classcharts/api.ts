import { InvalidResponseError, NotFoundError, NotSupportedError, UnavailableError } from "../../errors.js";

export const PROVIDER = "ClassCharts";

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** success is 1 in practice; "1" and true are tolerated. */
function flag(value: unknown): boolean | undefined {
  if (value === 1 || value === "1" || value === true) return true;
  if (value === 0 || value === "0" || value === false) return false;
  return undefined;
}

/**
 * "Not signed in": HTTP 401, or HTTP 200 with success 0 and `expired: 1` or the "not logged in" text. Other
 * success-0 answers (no access to a pupil, a feature switched off) are not auth failures.
 */
export function isAuthFailure(status: number, body: unknown): boolean {
  if (status === 401) return true;
  if (!isObject(body) || flag(body["success"]) !== false) return false;
  const error = typeof body["error"] === "string" ? body["error"] : "";
  return flag(body["expired"]) === true || /not logged in/i.test(error);
}

/** The provider's short error text, kept only when it is plain words (it goes into an error message). */
export function providerReason(body: unknown): string | undefined {
  if (!isObject(body) || typeof body["error"] !== "string") return undefined;
  const text = body["error"].trim();
  return /^[\w\s.,'()-]{1,120}$/.test(text) ? text : undefined;
}

/**
 * Unwraps {success, data, meta}. An empty meta arrives as `[]` and becomes {}; a bare array or an object
 * without `success` is taken as the data itself. A success-0 answer becomes a typed error.
 */
export function unwrap(body: unknown, what: string): { data: unknown; meta: Json } {
  if (Array.isArray(body)) return { data: body, meta: {} };
  if (!isObject(body)) throw new InvalidResponseError(PROVIDER, `${what}: expected a JSON object`);
  const success = flag(body["success"]);
  if (success === undefined) {
    if ("data" in body) return { data: body["data"], meta: isObject(body["meta"]) ? body["meta"] : {} };
    throw new InvalidResponseError(PROVIDER, `${what}: no success flag and no data`);
  }
  if (success) return { data: body["data"], meta: isObject(body["meta"]) ? body["meta"] : {} };
  throw refusal(body, what);
}

function refusal(body: Json, what: string): Error {
  const reason = providerReason(body);
  if (reason && /not (enabled|available)/i.test(reason)) {
    return new NotSupportedError(`${PROVIDER} does not share this (${what}): "${reason}".`);
  }
  if (reason && /access|not found|no such/i.test(reason)) {
    return new NotFoundError(`${PROVIDER} refused ${what}: "${reason}".`);
  }
  return new UnavailableError(PROVIDER, `it refused ${what}${reason ? ` ("${reason}")` : ""}`);
}

export function asArray(value: unknown, what: string): unknown[] {
  if (Array.isArray(value)) return value;
  // PHP sends an empty list as [] but a keyed one as an object; both are lists to us.
  if (isObject(value)) return Object.values(value);
  if (value === null || value === undefined) return [];
  throw new InvalidResponseError(PROVIDER, `${what}: expected a list`);
}
