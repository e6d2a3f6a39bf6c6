import type { Page } from "../../domain/common.js";
import type { CallContext } from "../../domain/connector.js";
import { UserInputError } from "../../errors.js";
import { decodeCursor as decodeState, encodeCursor as encodeState, isCount } from "../common/cursor.js";
import { keepMatching, type Reader, readEach, readRecord } from "../common/trust.js";
import type { CentreCareOsApi, Query, ReadOptions } from "./api.js";
import { PROVIDER } from "./endpoints.js";

/**
 * Cursors are opaque to callers: a list name and a place in the upstream's own pages (the page, how many of
 * its records were already given, and the page size the server was seen to use), so a continuation asks
 * only for the pages it still needs, whatever page size the server really has.
 */
interface Place {
  page: number;
  skip: number;
  /** The longest page seen so far (the server's real page size), 0 before any. */
  size: number;
}

export function encodeCursor(list: string, place: Place): string {
  return encodeState({ l: list, p: place.page, s: place.skip, z: place.size });
}

export function decodeCursor(cursor: string | undefined, list: string): Place {
  if (cursor === undefined) return { page: 1, skip: 0, size: 0 };
  const parsed = decodeState(cursor);
  if (
    parsed?.["l"] === list &&
    isCount(parsed["p"], 1) &&
    isCount(parsed["s"], 0) &&
    isCount(parsed["z"], 0)
  ) {
    return { page: parsed["p"], skip: parsed["s"], size: parsed["z"] };
  }
  throw new UserInputError(`cursor does not belong to this ${list} list; start again without it.`, "cursor");
}

export const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
/** Upstream pages one call may read before it answers with a cursor (a server with tiny pages). */
const MAX_PAGES_PER_CALL = 40;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

export interface PagedRequest<T> {
  path: string;
  /** Filters sent as hints; `keep` applies them again to what comes back. */
  query: Query;
  read: Reader<T>;
  /** Plural, as the answer names them: "student records". */
  what: string;
  /** The request's filters applied again; absent when the request has none. */
  keep?: (item: T) => boolean;
}

/**
 * Up to `limit` records from the cursor's place, reading upstream pages only as far as needed and to the
 * list's real end: a page shorter than the server's real page size (the longest seen), an empty page, or
 * the total the server states. Every filter is applied again, so a server that ignored one still gives the
 * right records; those it sent outside the filter are counted as left out, the unreadable as unreadable.
 * The total is given when it is exact: the server's for an unfiltered list, else the count of a list read
 * whole in this call.
 */
export async function pagedList<T, R>(
  api: CentreCareOsApi,
  request: PagedRequest<T>,
  paging: { list: string; limit?: number; cursor?: string },
  ctx: CallContext,
  options: ReadOptions,
  map: (item: T) => R,
): Promise<Page<R>> {
  const limit = clampLimit(paging.limit);
  const start = decodeCursor(paging.cursor, paging.list);
  const accepts = (raw: unknown) => {
    const item = readRecord(request.read, raw);
    return item !== undefined && (request.keep?.(item) ?? true);
  };
  const consumed: unknown[] = [];
  let kept = 0;
  let { page, skip, size } = start;
  let next: Place | undefined;
  let serverTotal: number | undefined;
  for (let read = 0; ; read++) {
    if (read === MAX_PAGES_PER_CALL) {
      next = { page, skip: 0, size };
      break;
    }
    const answer = await api.page(request.path, request.query, page, ctx, options);
    const rows = answer.items;
    if (answer.total !== undefined) serverTotal = answer.total;
    const before = (page - 1) * Math.max(size, rows.length);
    // A stated total outranks hasMore: a server that caps its pages may work hasMore out from the size asked.
    const ended =
      rows.length === 0 ||
      (size > 0 && rows.length < size) ||
      (answer.total === undefined ? answer.hasMore === false : before + rows.length >= answer.total);
    size = Math.max(size, rows.length);
    let index = skip;
    for (; index < rows.length && kept < limit; index++) {
      consumed.push(rows[index]);
      if (accepts(rows[index])) kept++;
    }
    if (kept >= limit) {
      if (index < rows.length) next = { page, skip: index, size };
      else if (!ended) next = { page: page + 1, skip: 0, size };
      break;
    }
    if (ended) break;
    page++;
    skip = 0;
  }
  const read = readEach(consumed, request.read, request.what, ctx, PROVIDER);
  const items = (request.keep ? keepMatching(read, request.keep, request.what, ctx) : read).map(map);
  const fromStart = start.page === 1 && start.skip === 0;
  const total =
    !request.keep && serverTotal !== undefined ? serverTotal : fromStart && !next ? items.length : undefined;
  return {
    items,
    ...(next ? { nextCursor: encodeCursor(paging.list, next) } : {}),
    ...(total === undefined ? {} : { total }),
  };
}

/** The same over a list we already hold (filtered on our side). */
export function sliceList<R>(all: R[], paging: { list: string; limit?: number; cursor?: string }): Page<R> {
  const limit = clampLimit(paging.limit);
  const offset = decodeCursor(paging.cursor, paging.list).skip;
  const items = all.slice(offset, offset + limit);
  const next = offset + items.length;
  return next < all.length
    ? { items, nextCursor: encodeCursor(paging.list, { page: 1, skip: next, size: 0 }), total: all.length }
    : { items, total: all.length };
}
