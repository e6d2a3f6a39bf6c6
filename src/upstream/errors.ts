import {
  type ErrorKind,
  InvalidResponseError,
  NotFoundError,
  RateLimitedError,
  SchoolMcpError,
  TimeoutError,
  UnauthorizedError,
  UnavailableError,
  WriteOutcomeUnknownError,
} from "../errors.js";
import type { TransportError } from "./http.js";

function kindForStatus(status: number): ErrorKind {
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404 || status === 410) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "unavailable";
  if (status === 400 || status === 422) return "user_input";
  return "invalid_response";
}

/**
 * An upstream answered with an error status that no mapping turned into a more specific error. The parsed
 * body is kept on the error (never in the message) so a provider can read its error code, e.g. CentreCareOS
 * `{"error":{"code":"INVALID_SCOPE"}}` on a 403.
 */
export class UpstreamHttpError extends SchoolMcpError {
  readonly status: number;
  readonly provider: string;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. Never logged, never in the message. */
  readonly body: unknown;
  constructor(provider: string, status: number, body: unknown) {
    super(kindForStatus(status), describe(provider, status));
    this.status = status;
    this.provider = provider;
    this.body = body;
  }
}

function describe(provider: string, status: number): string {
  if (status === 403)
    return `${provider} refused the call (HTTP 403): the credential is not allowed to do this.`;
  if (status === 400 || status === 422)
    return `${provider} rejected the request (HTTP ${status}). Check the arguments and try again.`;
  if (status === 409) return `${provider} refused the change in the current state (HTTP 409).`;
  return `${provider} answered with HTTP ${status}.`;
}

/**
 * Provider hook turning an error response into a typed error. Return undefined to fall back to the defaults:
 * 401 Unauthorized, 404 NotFound, 429 RateLimited, 5xx Unavailable, anything else UpstreamHttpError.
 */
export type MapUpstreamError = (status: number, body: unknown) => Error | undefined;

/** The default typed error for a final error response. */
export function defaultHttpError(
  provider: string,
  status: number,
  body: unknown,
  retryAfterSeconds?: number,
): Error {
  if (status === 401)
    return new UnauthorizedError(
      `${provider} refused the credentials (HTTP 401). Check the connection's credentials and try again.`,
    );
  if (status === 404) return new NotFoundError(`${provider} has no such record.`);
  if (status === 429) return new RateLimitedError(provider, retryAfterSeconds ?? 5);
  if (status >= 500) return new UnavailableError(provider, `HTTP ${status}`);
  return new UpstreamHttpError(provider, status, body);
}

/**
 * The typed error for a request that got no usable response. `write` marks a request that may have
 * arrived and is not safe to repeat, so the message warns that the change may have been made.
 */
export function transportFailureError(
  provider: string,
  error: TransportError,
  maxBodyBytes: number,
  write = false,
): Error {
  // A change that reached the provider and got no clear answer may have been made: never "try again".
  if (write && error.sent && error.phase !== "too_large")
    return writeMayHaveHappened(provider, "no answer came back in time or the connection broke");
  switch (error.phase) {
    case "headers":
      return new TimeoutError(provider, "waiting for the response headers");
    case "body":
      return new TimeoutError(provider, "reading the response body");
    case "too_large":
      return new InvalidResponseError(provider, `response larger than ${formatBytes(maxBodyBytes)}`);
    case "connect":
      return new UnavailableError(provider, "could not connect");
    default:
      return new UnavailableError(provider, "the connection was reset");
  }
}

/** The typed error for a change the provider may have made; `why` says what left it unclear. */
export function writeMayHaveHappened(provider: string, why: string): WriteOutcomeUnknownError {
  return new WriteOutcomeUnknownError(
    provider,
    why,
    "Check the record (read it again here, or in the provider's own app)",
  );
}

/**
 * What the provider itself said about a refusal (a JSON body's message, error or detail), quoted, cleaned
 * of control characters and capped, so the reason given is the provider's and not our guess.
 */
export function providerWords(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const record = body as Record<string, unknown>;
  const nested =
    record["error"] && typeof record["error"] === "object"
      ? (record["error"] as Record<string, unknown>)
      : {};
  const said = [record["message"], record["error"], record["detail"], nested["message"]].find(
    (value): value is string => typeof value === "string" && value.trim() !== "",
  );
  if (!said) return undefined;
  const clean = said
    .replace(/[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g, " ")
    .trim();
  return `the provider says "${clean.length > 200 ? `${clean.slice(0, 200)}…` : clean}"`;
}

/** The upstream asked for a wait longer than the call may spend. */
export function tooLongWaitError(provider: string, status: number, waitMs: number, words?: string): Error {
  if (status === 429) return new RateLimitedError(provider, waitMs / 1000, words);
  return new UnavailableError(
    provider,
    `HTTP ${status}${words ? `, ${words}` : ""}; retry in ${Math.max(1, Math.ceil(waitMs / 1000))} s`,
  );
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
