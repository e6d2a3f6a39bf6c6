/**
 * What a connector may trust from upstream. The providers' documents leave things open (a filter's
 * behaviour, a field's name, a page size, a date-time's form), and a reading that is right for one server
 * is silently wrong for the next. A confident wrong answer is the worst thing we can give, so every
 * connector follows these rules, with the helpers below:
 *
 * 1. A filter the document does not guarantee is a hint. Send it if you like, then apply it again to what
 *    comes back (`keepMatching`). Documented filters are verified too: a contradicting record is dropped
 *    and counted, never shown as an answer to the question.
 * 2. Open shapes are read tolerantly and never invented. Alternative names and forms for a field are
 *    declared once per record type (`withAliases`, `firstOf`); a value we cannot find is absent, never a
 *    default that looks real (no 00:00, no "unspecified" condition, no 0 absences from unread codes).
 * 3. Nothing is dropped silently. A record that cannot be read is counted and named in the answer
 *    (`readEach` reports it through the call's ReadReport); when every record is unreadable the call is an
 *    error that says so. Safeguarding, attendance and medical lists never say "none" unless the provider did.
 * 4. Lists are complete or say they are not. Page until an empty page or a page shorter than the size the
 *    server really returns (`pageToEnd`); a `limit` is met by returning a cursor, and totals are per
 *    connection.
 * 5. Time filters carry time: date-time filters get explicit local start and end of day with the offset
 *    (`startOfLocalDay` / `endOfLocalDay` in src/time/local.ts), and ranges include both ends.
 * 6. Writes verify identity and outcome: the state read before a write is that exact record's, re-checked
 *    here; a write that may have happened is reported as "may have been done" (`WriteOutcomeUnknownError`),
 *    and settled by a read where the API allows. A send that may have gone is never reported as failed.
 * 7. The whole call has a deadline: no upstream body holds a call past it (the upstream client bounds
 *    every request by the call's deadline).
 * 8. What the model reads is the answer: the text carries every record the structured content does, each
 *    line naming whose record it is (tools/shared/render.ts).
 */
import { z } from "zod";
import type { CallContext } from "../../domain/connector.js";
import { InvalidResponseError } from "../../errors.js";
import { deepFreeze } from "../../upstream/index.js";

type Reporting = Pick<CallContext, "report" | "logger">;

/**
 * Reads every raw record with `read` (a zod schema or a function returning undefined for "cannot read").
 * Unreadable ones are counted into the call's report and logged by count only (never their content); when
 * there were records and none could be read, the call fails saying so rather than answering "none".
 */
export function readEach<T>(
  raws: readonly unknown[],
  read: Reader<T>,
  what: string,
  ctx: Reporting,
  provider: string,
): T[] {
  const items: T[] = [];
  let unreadable = 0;
  for (const raw of raws) {
    const value = readRecord(read, raw);
    if (value === undefined) unreadable++;
    else items.push(value);
  }
  if (unreadable > 0) {
    ctx.logger.warn("unreadable upstream records", { what, unreadable, read: items.length });
    if (items.length === 0) {
      throw new InvalidResponseError(
        provider,
        `none of the ${unreadable} ${what} it sent could be read, so this is not an answer of "none"; report it to the provider or the server's maintainers`,
      );
    }
    ctx.report?.unreadable(what, unreadable);
  }
  return items;
}

/** A record reader: a zod schema, or a function answering undefined for a record it cannot read. */
export type Reader<T> = z.ZodType<T, unknown> | ((raw: unknown) => T | undefined);

const UNREADABLE = Symbol("unreadable");
type Reading = WeakMap<object, unknown>;
const readings = new WeakMap<object, Reading>();

/**
 * One raw record read with `read`, or undefined when it cannot be read. A frozen record is one the cache
 * holds and shares (it can never change), so its reading is kept beside it and given again, frozen too:
 * a cached roster is checked once per cache entry, not once per call. So a reader builds its result from
 * the raw record alone: anything else it put in would be frozen with it and kept past this call.
 */
export function readRecord<T>(read: Reader<T>, raw: unknown): T | undefined {
  const shared = typeof raw === "object" && raw !== null && Object.isFrozen(raw);
  if (!shared) return readAfresh(read, raw);
  let byRecord = readings.get(read);
  if (!byRecord) {
    byRecord = new WeakMap();
    readings.set(read, byRecord);
  }
  const known = byRecord.get(raw);
  if (known !== undefined) return known === UNREADABLE ? undefined : (known as T);
  const value = readAfresh(read, raw);
  byRecord.set(raw, value === undefined ? UNREADABLE : deepFreeze(value));
  return value;
}

function readAfresh<T>(read: Reader<T>, raw: unknown): T | undefined {
  if (typeof read === "function") {
    try {
      return read(raw);
    } catch {
      return undefined;
    }
  }
  const result = read.safeParse(raw);
  return result.success ? result.data : undefined;
}

/**
 * Applies a filter again to what came back (rule 1): upstream may have ignored it. Records that contradict
 * it are dropped, counted in the report and logged by count.
 */
export function keepMatching<T>(
  items: readonly T[],
  matches: (item: T) => boolean,
  what: string,
  ctx: Reporting,
): T[] {
  const kept = items.filter(matches);
  const dropped = items.length - kept.length;
  if (dropped > 0) {
    ctx.logger.debug("upstream records outside the filter left out", { what, dropped });
    ctx.report?.filteredOut(what, dropped);
  }
  return kept;
}

/** Ids compare as strings: providers send 42 in one answer and "42" in the next. */
export function sameId(a: unknown, b: unknown): boolean {
  return a !== undefined && a !== null && b !== undefined && b !== null && String(a) === String(b);
}

/**
 * Declares a record type's alternative field names once (rule 2): before the schema reads an object, each
 * canonical key that is absent (or null) takes the first alias that has a value. Nested keys use dots on
 * the alias side ("room.name"), so nested and flat forms read alike.
 */
export function withAliases<T extends z.ZodType>(
  aliases: Readonly<Record<string, readonly string[]>>,
  schema: T,
): z.ZodType<z.output<T>, unknown> {
  return z.preprocess((raw) => {
    if (!isRecord(raw)) return raw;
    const out: Record<string, unknown> = { ...raw };
    for (const [canonical, names] of Object.entries(aliases)) {
      if (out[canonical] !== undefined && out[canonical] !== null) continue;
      const found = firstOf(raw, names);
      if (found !== undefined) out[canonical] = found;
    }
    return out;
  }, schema);
}

/** The first of `names` (dotted paths allowed) with a value other than undefined, null or "". */
export function firstOf(record: unknown, names: readonly string[]): unknown {
  for (const name of names) {
    let value: unknown = record;
    for (const part of name.split(".")) value = isRecord(value) ? value[part] : undefined;
    if (value !== undefined && value !== null && value !== "") return value;
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface PagedFetch<T> {
  /** Fetches page `index` (0-based; the caller turns it into a page number, an offset or a cursor). */
  fetch(index: number): Promise<{
    items: T[];
    /** How many records the server says match in all. */
    total?: number | undefined;
    /**
     * The page size the server says it used, only where that is its own statement; a server that echoes
     * back the size asked for would make a capped page look like the last one, so never pass an echo.
     */
    pageSize?: number | undefined;
  }>;
  /** Stop after this many records (the caller's limit); the result says whether more remain. */
  want?: number;
  /** Never more pages than this in one call (budget); the result says the list is not complete. */
  maxPages: number;
}

/**
 * Pages until an empty page, a page shorter than the longest page the server has returned so far (its
 * real page size, whatever we asked for), or a total reached (rule 4). A stated total outranks a short
 * page: while the total says more follow, paging goes on. `complete` is false when it stopped for `want`
 * or `maxPages` with more to come; the caller then returns a cursor at `nextIndex`.
 */
export async function pageToEnd<T>(
  paged: PagedFetch<T>,
): Promise<{ items: T[]; complete: boolean; nextIndex: number; total?: number }> {
  const items: T[] = [];
  let pageSize = 0;
  let total: number | undefined;
  const result = (complete: boolean, nextIndex: number) => ({
    items,
    complete,
    nextIndex,
    ...(total === undefined ? {} : { total }),
  });
  for (let index = 0; index < paged.maxPages; index++) {
    const page = await paged.fetch(index);
    if (page.total !== undefined) total = page.total;
    items.push(...page.items);
    const short =
      page.items.length < pageSize || (page.pageSize !== undefined && page.items.length < page.pageSize);
    const ended = page.items.length === 0 || (total !== undefined ? items.length >= total : short);
    pageSize = Math.max(pageSize, page.items.length);
    if (ended) return result(true, index + 1);
    if (paged.want !== undefined && items.length >= paged.want) return result(false, index + 1);
  }
  return result(false, paged.maxPages);
}
