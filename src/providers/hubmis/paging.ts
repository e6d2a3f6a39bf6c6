/**
 * Paged lists read to their real end (rule 4 of src/providers/common/trust.ts). HUBmis's reference pages
 * with `page[number]` and `page[size]` but does not say the largest page it serves, nor promise a count, so
 * a page shorter than asked may still have pages after it: a list ends on an empty page, on a page shorter
 * than the longest this path has returned, or at a total the server volunteers. Every page costs one
 * request of a 12-a-minute budget, so what is learnt of a path's page size is kept for later lists, and a
 * list the budget or the deadline cuts short comes back with what was read and a cursor, never as if whole.
 */
import type { CallContext, Page } from "../../domain/index.js";
import { RateLimitedError, TimeoutError } from "../../errors.js";
import type { Logger } from "../../log.js";
import { isRecord, keepMatching, pageToEnd, readEach } from "../common/trust.js";
import type { CacheChoice, HubmisApi, Query } from "./api.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { PROVIDER } from "./endpoints.js";
import { listItems, listMeta } from "./wire.js";

/** Never more upstream pages than this in one call: beyond it the answer is partial, with a cursor. */
export const MAX_PAGES = 40;

const DIRECTORY = { kind: "directory" } as const;

export interface PageDeps {
  api: HubmisApi;
  logger: Logger;
  connection: string;
}

export interface PageRun {
  /** The raw records of each page read, in order, starting at page `from`. */
  pages: unknown[][];
  complete: boolean;
  /** The upstream page to read next when the list is not complete. */
  nextPage: number;
  /** The budget or the deadline ran out before the list did. */
  cut?: boolean;
}

export interface ReadPagesOptions {
  what: string;
  cache?: CacheChoice;
  /** The first upstream page (1-based). */
  from?: number;
  /** Stop once this many raw records have been read from `from` on. */
  want?: number;
  maxPages?: number;
  /** Counts the pages that cost an upstream request. */
  tally?: { requests: number };
}

/** Reads upstream pages from `from` until the list's real end, `want` records, or the page budget. */
export async function readPages(
  deps: PageDeps,
  path: string,
  query: Query,
  options: ReadPagesOptions,
  ctx: CallContext,
): Promise<PageRun> {
  const from = options.from ?? 1;
  const pages: unknown[][] = [];
  const seen = new Set<string>();
  try {
    const run = await pageToEnd({
      maxPages: options.maxPages ?? MAX_PAGES,
      ...(options.want === undefined ? {} : { want: options.want }),
      fetch: async (index) => {
        const cache = options.cache ?? DIRECTORY;
        const data = await deps.api.page(path, query, from + index, cache, ctx, options.tally);
        let items = listItems(data, options.what);
        // A server that does not page answers every page alike: a page of records already read ends it.
        const ids = items.map((raw) => (isRecord(raw) ? raw["id"] : undefined)).filter(present);
        if (pages.length > 0 && ids.length > 0 && ids.every((id) => seen.has(String(id)))) items = [];
        for (const id of ids) seen.add(String(id));
        deps.api.notePage(path, items.length);
        pages.push(items);
        const meta = listMeta(data);
        return {
          items,
          pageSize: meta.pageSize ?? deps.api.knownPageSize(path),
          ...(from === 1 && meta.total !== undefined ? { total: meta.total } : {}),
        };
      },
    });
    return { pages, complete: run.complete, nextPage: from + run.nextIndex };
  } catch (error) {
    // Out of budget or time part-way: what was read stands, and the caller says the list goes on.
    if (pages.length === 0 || !(error instanceof RateLimitedError || error instanceof TimeoutError))
      throw error;
    deps.logger.info("HUBmis list cut short", { pages: pages.length, reason: error.name });
    return { pages, complete: false, nextPage: from + pages.length, cut: true };
  }
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

export interface ListSpec<T> {
  path: string;
  query: Query;
  cache?: CacheChoice;
  /** What the records are, in the answer's words ("student records"). */
  what: string;
  limit: number;
  cursor: string | undefined;
  /** The question's fingerprint, so a cursor cannot page through another question. */
  key: string;
  /** One record, or undefined when it cannot be read (counted, never skipped quietly). */
  read: (raw: unknown) => T | undefined;
  /** The filters sent, applied again (rule 1); records that contradict them are counted and left out. */
  keep?: (item: T, raw: unknown) => boolean;
}

interface Taken<T> {
  item: T;
  raw: unknown;
}

/**
 * One answer of a paged list: up to `limit` records from the cursor's place, read to the list's real end
 * or cut at the limit with a cursor that resumes exactly after the last record returned. The last answer
 * of a list says how many it held in all.
 */
export async function listPage<T>(deps: PageDeps, spec: ListSpec<T>, ctx: CallContext): Promise<Page<T>> {
  const start = decodeCursor(spec.cursor, spec.key) ?? { k: spec.key, p: 1, o: 0 };
  const returnedBefore = start.n ?? 0;
  const consumed: unknown[] = [];
  let kept = 0;
  let page = start.p;
  let offset = start.o;
  let pagesLeft = MAX_PAGES;
  let resume: { p: number; o: number } | undefined;
  const keeps = (raw: unknown) => {
    const item = safely(spec.read, raw);
    return item !== undefined && (spec.keep?.(item, raw) ?? true);
  };
  for (;;) {
    const run = await readPages(
      deps,
      spec.path,
      spec.query,
      {
        what: spec.what,
        from: page,
        want: offset + spec.limit - kept,
        maxPages: pagesLeft,
        ...cacheOf(spec),
      },
      ctx,
    );
    pagesLeft -= run.pages.length;
    run.pages.forEach((raws, i) => {
      for (let at = i === 0 ? offset : 0; at < raws.length; at++) {
        if (resume) return;
        if (kept >= spec.limit) {
          resume = { p: page + i, o: at };
          return;
        }
        consumed.push(raws[at]);
        if (keeps(raws[at])) kept++;
      }
    });
    if (resume || run.complete) break;
    resume = { p: run.nextPage, o: 0 };
    if (kept >= spec.limit || pagesLeft <= 0 || run.cut || run.pages.length === 0) break;
    // Records that failed the filters left the limit unmet: read on from the next page.
    page = run.nextPage;
    offset = 0;
    resume = undefined;
  }
  const taken = readEach(
    consumed,
    (raw): Taken<T> | undefined => {
      const item = spec.read(raw);
      return item === undefined ? undefined : { item, raw };
    },
    spec.what,
    ctx,
    PROVIDER,
  );
  const items = keepMatching(taken, (t) => spec.keep?.(t.item, t.raw) ?? true, spec.what, ctx).map(
    (t) => t.item,
  );
  const returned = returnedBefore + items.length;
  if (!resume) return { items, total: returned };
  return { items, nextCursor: encodeCursor({ k: spec.key, p: resume.p, o: resume.o, n: returned }) };
}

function cacheOf(spec: { cache?: CacheChoice }): { cache?: CacheChoice } {
  return spec.cache ? { cache: spec.cache } : {};
}

function safely<T>(read: (raw: unknown) => T | undefined, raw: unknown): T | undefined {
  try {
    return read(raw);
  } catch {
    return undefined;
  }
}

/** Every record of a paged list, for answers that must see the whole list (sorting, member lists). */
export async function readAll(
  deps: PageDeps,
  path: string,
  query: Query,
  options: ReadPagesOptions,
  ctx: CallContext,
): Promise<{ raws: unknown[]; complete: boolean; nextPage: number }> {
  const run = await readPages(deps, path, query, options, ctx);
  return { raws: run.pages.flat(), complete: run.complete, nextPage: run.nextPage };
}
