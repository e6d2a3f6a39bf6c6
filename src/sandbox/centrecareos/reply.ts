import type { SandboxReply } from "../common/http.js";

/** The portal's error codes, plus the 413 the portal does not list (the body cap is ours). */
export type ErrorCode =
  | "VALIDATION_ERROR"
  | "INVALID_API_KEY"
  | "INVALID_SCOPE"
  | "NOT_FOUND"
  | "RATE_LIMITED"
  | "INTERNAL_ERROR"
  | "PAYLOAD_TOO_LARGE";

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "VALIDATION_ERROR",
  401: "INVALID_API_KEY",
  403: "INVALID_SCOPE",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  429: "RATE_LIMITED",
};

/** Thrown by route handlers; the server turns it into the documented error envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const validation = (message: string) => new ApiError(400, "VALIDATION_ERROR", message);
export const notFound = (what: string, id: string) =>
  new ApiError(404, "NOT_FOUND", `${what} not found: ${id}`);

/** `{"error":{"code","message","status"}}`, the portal's documented shape. */
export function errorReply(status: number, message: string, code?: ErrorCode): SandboxReply {
  const resolved = code ?? CODE_BY_STATUS[status] ?? "INTERNAL_ERROR";
  return { status, json: { error: { code: resolved, message, status } } };
}

export type Envelope = "wrapped" | "bare";

export interface Variant {
  /** "wrapped": {data, pagination}; "bare": the array or object alone (paging still honoured). */
  envelope: Envelope;
  /** Send every number inside `data` as a string, as some tenants' billing exports do. */
  numbersAsStrings: boolean;
}

export interface ListPage<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
}

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;

/** Reads ?page=&perPage= (perPage capped at 100, as the assumptions file says). */
export function paging(query: URLSearchParams): { page: number; perPage: number } {
  const page = positiveInt(query.get("page"), "page", 1);
  const perPage = Math.min(MAX_PER_PAGE, positiveInt(query.get("perPage"), "perPage", DEFAULT_PER_PAGE));
  return { page, perPage };
}

function positiveInt(raw: string | null, name: string, fallback: number): number {
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw validation(`${name} must be a positive integer`);
  return Number(raw);
}

export function slice<T>(items: readonly T[], query: URLSearchParams): ListPage<T> {
  const { page, perPage } = paging(query);
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), page, perPage, total: items.length };
}

export function listReply<T>(list: ListPage<T>, variant: Variant): SandboxReply {
  const data = variant.numbersAsStrings ? stringifyNumbers(list.items) : list.items;
  if (variant.envelope === "bare") {
    return { status: 200, headers: { "x-total-count": String(list.total) }, json: data };
  }
  const hasMore = list.page * list.perPage < list.total;
  return {
    status: 200,
    json: { data, pagination: { page: list.page, perPage: list.perPage, total: list.total, hasMore } },
  };
}

export function singleReply(record: unknown, variant: Variant, status = 200): SandboxReply {
  const data = variant.numbersAsStrings ? stringifyNumbers(record) : record;
  return { status, json: variant.envelope === "bare" ? data : { data } };
}

function stringifyNumbers(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(stringifyNumbers);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyNumbers(v)]));
  }
  return value;
}
