import type { z } from "zod";
import type { Page } from "../../domain/common.js";
import type { CallContext } from "../../domain/connector.js";
import { UserInputError } from "../../errors.js";
import type { CentreCareOsApi, ReadOptions } from "./api.js";
import { MAX_PER_PAGE } from "./endpoints.js";

/**
 * Cursors are opaque to callers: a list name and an offset into the upstream's ordering, so a continuation
 * asks only for the pages it still needs.
 */
export function encodeCursor(list: string, offset: number): string {
  return Buffer.from(JSON.stringify({ l: list, o: offset })).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, list: string): number {
  if (cursor === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as {
      l?: unknown;
      o?: unknown;
    };
    if (parsed.l === list && typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0) {
      return parsed.o;
    }
  } catch {
    // fall through to the error below
  }
  throw new UserInputError(`cursor does not belong to this ${list} list; start again without it.`, "cursor");
}

export const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

export function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** `limit` records from the cursor's offset, reading upstream pages of 100 only as far as needed. */
export async function pagedList<T, R>(
  api: CentreCareOsApi,
  request: {
    path: string;
    query: Record<string, string | number | undefined>;
    schema: z.ZodType<T>;
    what: string;
  },
  paging: { list: string; limit?: number; cursor?: string },
  ctx: CallContext,
  options: ReadOptions,
  map: (item: T) => R | undefined,
): Promise<Page<R>> {
  const limit = clampLimit(paging.limit);
  let offset = decodeCursor(paging.cursor, paging.list);
  let page = Math.floor(offset / MAX_PER_PAGE) + 1;
  let skip = offset % MAX_PER_PAGE;
  const items: R[] = [];
  for (;;) {
    const result = await api.page(
      request.path,
      request.query,
      page,
      request.schema,
      request.what,
      ctx,
      options,
    );
    const available = result.items.slice(skip);
    const taken = available.slice(0, limit - items.length);
    for (const item of taken) {
      const mapped = map(item);
      if (mapped !== undefined) items.push(mapped);
    }
    offset += taken.length;
    const leftOnPage = available.length > taken.length;
    if (leftOnPage || (items.length >= limit && result.hasMore))
      return { items, nextCursor: encodeCursor(paging.list, offset) };
    if (!result.hasMore || result.items.length === 0) return { items };
    page++;
    skip = 0;
  }
}

/** The same over a list we already hold (filtered on our side). */
export function sliceList<R>(all: R[], paging: { list: string; limit?: number; cursor?: string }): Page<R> {
  const limit = clampLimit(paging.limit);
  const offset = decodeCursor(paging.cursor, paging.list);
  const items = all.slice(offset, offset + limit);
  const next = offset + items.length;
  return next < all.length ? { items, nextCursor: encodeCursor(paging.list, next) } : { items };
}
