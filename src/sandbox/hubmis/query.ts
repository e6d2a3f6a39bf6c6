import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { addDays, zonedEpoch } from "../../time/local.js";

/**
 * The API's JSON-API-style query parameters: page[number], page[size], search, filter[...] and
 * sort[field]=asc|desc. Each route declares what it accepts; anything else is a 400, as HUBmis answers.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type FilterKind =
  | { kind: "id" }
  | { kind: "bool" }
  | { kind: "enum"; values: readonly string[] }
  | { kind: "date" }
  | { kind: "code" };

export interface QuerySpec {
  filters?: Record<string, FilterKind>;
  /** filter[dateTime][from] / [to]. */
  dateTimeRange?: boolean;
  sort?: readonly string[];
  paged?: boolean;
  search?: boolean;
}

export interface ParsedQuery {
  filters: Record<string, string | number | boolean>;
  /** filter[dateTime][from] and [to] as epoch ms, both ends included. */
  from?: number;
  to?: number;
  sort?: { field: string; direction: "asc" | "desc" };
  page?: { number: number; size: number };
  search?: string;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 25;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function bad(message: string): ApiError {
  return new ApiError(400, "invalid_query", message);
}

function positiveInt(name: string, raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw bad(`${name} must be a positive integer`);
  return Number(raw);
}

export function isValidDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * A date or date-time bound as epoch ms. The school's day is a London day: a bare date is that local day
 * (`end` widens it to the day's last instant), and a date-time without an offset is London wall time.
 */
function dateTimeBound(name: string, raw: string, end: boolean): number {
  if (!DATE_TIME.test(raw) || !isValidDate(raw.slice(0, 10))) {
    throw bad(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time`);
  }
  const date = raw.slice(0, 10);
  if (raw.length === 10) {
    return end ? zonedEpoch(addDays(date, 1), "00:00", TIME_ZONE) - 1 : zonedEpoch(date, "00:00", TIME_ZONE);
  }
  const rest = raw.slice(11);
  const ms = /(Z|[+-]\d{2}:?\d{2})$/.test(rest)
    ? Date.parse(`${date}T${rest.replace(/([+-]\d{2})(\d{2})$/, "$1:$2")}`)
    : zonedEpoch(date, rest.slice(0, 8), TIME_ZONE);
  if (Number.isNaN(ms)) throw bad(`${name} is not a valid date-time`);
  return ms;
}

export function parseQuery(query: URLSearchParams, spec: QuerySpec): ParsedQuery {
  const parsed: ParsedQuery = { filters: {} };
  for (const [key, raw] of query) {
    if (key === "search") {
      if (!spec.search) throw bad("search is not supported on this resource");
      if (raw.length > 200) throw bad("search must be at most 200 characters");
      parsed.search = raw.trim().toLowerCase();
      continue;
    }
    if (key === "page[number]" || key === "page[size]") {
      if (!spec.paged) continue;
      const value = positiveInt(key, raw);
      parsed.page ??= { number: 1, size: DEFAULT_PAGE_SIZE };
      if (key === "page[size]") {
        if (value > MAX_PAGE_SIZE) throw bad(`page[size] must be at most ${MAX_PAGE_SIZE}`);
        parsed.page.size = value;
      } else parsed.page.number = value;
      continue;
    }
    const sort = /^sort\[([A-Za-z_]+)\]$/.exec(key);
    if (sort) {
      const field = sort[1] as string;
      if (!spec.sort?.includes(field)) {
        throw bad(
          `sort[${field}] is not supported; sortable fields: ${(spec.sort ?? []).join(", ") || "none"}`,
        );
      }
      if (raw !== "asc" && raw !== "desc") throw bad(`sort[${field}] must be asc or desc`);
      parsed.sort = { field, direction: raw };
      continue;
    }
    const range = /^filter\[dateTime\]\[(from|to)\]$/.exec(key);
    if (range) {
      if (!spec.dateTimeRange) throw bad(`${key} is not supported on this resource`);
      parsed[range[1] as "from" | "to"] = dateTimeBound(key, raw, range[1] === "to");
      continue;
    }
    const filter = /^filter\[([A-Za-z]+)\]$/.exec(key);
    if (filter) {
      const name = filter[1] as string;
      const kind = spec.filters?.[name];
      if (!kind) {
        const known = Object.keys(spec.filters ?? {});
        if (spec.dateTimeRange) known.push("dateTime][from", "dateTime][to");
        throw bad(
          `filter[${name}] is not supported; filters: ${known.map((k) => `filter[${k}]`).join(", ") || "none"}`,
        );
      }
      parsed.filters[name] = filterValue(key, raw, kind);
      continue;
    }
    if (key.startsWith("filter") || key.startsWith("page") || key.startsWith("sort")) {
      throw bad(`malformed query parameter ${key.slice(0, 60)}`);
    }
    // Other parameters (assessmentCreation and friends) are accepted and ignored.
  }
  if (parsed.from && parsed.to && parsed.from > parsed.to) {
    throw bad("filter[dateTime][from] must not be after filter[dateTime][to]");
  }
  return parsed;
}

function filterValue(key: string, raw: string, kind: FilterKind): string | number | boolean {
  switch (kind.kind) {
    case "id":
      if (!/^\d{1,9}$/.test(raw)) throw bad(`${key} must be an integer ID`);
      return Number(raw);
    case "bool":
      if (raw === "true" || raw === "1") return true;
      if (raw === "false" || raw === "0") return false;
      throw bad(`${key} must be true or false`);
    case "enum":
      if (!kind.values.includes(raw)) throw bad(`${key} must be one of ${kind.values.join(", ")}`);
      return raw;
    case "date":
      if (!isValidDate(raw)) throw bad(`${key} must be a date as YYYY-MM-DD`);
      return raw;
    case "code":
      if (raw.length === 0 || raw.length > 10) throw bad(`${key} must be an attendance code or its ID`);
      return raw;
  }
}

/** Sorts (when asked) and pages a list. Unpaged routes return everything. */
export function pageOf<T>(
  items: T[],
  parsed: ParsedQuery,
  sortValue: (item: T, field: string) => string | number,
  paged: boolean,
): T[] {
  let list = items;
  if (parsed.sort) {
    const { field, direction } = parsed.sort;
    const sign = direction === "asc" ? 1 : -1;
    list = [...items].sort((a, b) => {
      const x = sortValue(a, field);
      const y = sortValue(b, field);
      return (x < y ? -1 : x > y ? 1 : 0) * sign;
    });
  }
  if (!paged) return list;
  const page = parsed.page ?? { number: 1, size: DEFAULT_PAGE_SIZE };
  return list.slice((page.number - 1) * page.size, page.number * page.size);
}

export function matchesSearch(
  search: string | undefined,
  ...fields: Array<string | null | undefined>
): boolean {
  if (!search) return true;
  const haystack = fields.filter(Boolean).join(" ").toLowerCase();
  return search.split(/\s+/).every((word) => haystack.includes(word));
}
