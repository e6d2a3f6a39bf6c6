import type { SandboxReply } from "../common/http.js";
import type { VariantFlags } from "../common/variants.js";
import { type Lookup, listExtras, type RecordKind, reshapeRecord, singleExtras, varies } from "./variants.js";

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
  /** The open readings this server follows (./variants.ts); all off for the default. */
  flags: VariantFlags;
}

export interface ListPage<T> {
  items: T[];
  page: number;
  perPage: number;
  total: number;
}

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;

/** Reads ?page=&perPage= (perPage capped at 100, as the assumptions file says, or at the variant's cap). */
export function paging(query: URLSearchParams, pageCap?: number): { page: number; perPage: number } {
  const page = positiveInt(query.get("page"), "page", 1);
  const asked = Math.min(MAX_PER_PAGE, positiveInt(query.get("perPage"), "perPage", DEFAULT_PER_PAGE));
  return { page, perPage: pageCap === undefined ? asked : Math.min(asked, pageCap) };
}

function positiveInt(raw: string | null, name: string, fallback: number): number {
  if (raw === null || raw === "") return fallback;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) throw validation(`${name} must be a positive integer`);
  return Number(raw);
}

export function slice<T>(items: readonly T[], query: URLSearchParams, pageCap?: number): ListPage<T> {
  const { page, perPage } = paging(query, pageCap);
  const start = (page - 1) * perPage;
  return { items: items.slice(start, start + perPage), page, perPage, total: items.length };
}

/**
 * A list page in the variant's envelope. Under a page cap the answer never says the page was cut: the
 * pagination keeps only `page` and `total`, and a bare list loses its X-Total-Count.
 */
export function listReply<T>(
  list: ListPage<T>,
  variant: Variant,
  kind: RecordKind = "other",
  lookup: Lookup = NO_LOOKUP,
): SandboxReply {
  const { flags } = variant;
  const shaped = varies(flags) ? list.items.map((r) => reshapeRecord(kind, r, flags, lookup)) : list.items;
  const data = variant.numbersAsStrings ? stringifyNumbers(shaped) : shaped;
  const capped = flags.pageCap !== undefined;
  if (variant.envelope === "bare") {
    return {
      status: 200,
      ...(capped ? {} : { headers: { "x-total-count": String(list.total) } }),
      json: data,
    };
  }
  const hasMore = list.page * list.perPage < list.total;
  const whole = list.page === 1 && !hasMore;
  const pagination = capped
    ? { page: list.page, total: list.total }
    : flags.nulls && whole
      ? null
      : { page: list.page, perPage: list.perPage, total: list.total, hasMore };
  return { status: 200, json: { data, pagination, ...listExtras(flags) } };
}

export function singleReply(
  record: unknown,
  variant: Variant,
  status = 200,
  kind: RecordKind = "other",
  lookup: Lookup = NO_LOOKUP,
): SandboxReply {
  const { flags } = variant;
  const shaped = varies(flags) ? reshapeRecord(kind, record, flags, lookup) : record;
  const data = variant.numbersAsStrings ? stringifyNumbers(shaped) : shaped;
  return { status, json: variant.envelope === "bare" ? data : { data, ...singleExtras(flags) } };
}

const NO_LOOKUP: Lookup = { roomName: () => undefined };

function stringifyNumbers(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(stringifyNumbers);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringifyNumbers(v)]));
  }
  return value;
}
