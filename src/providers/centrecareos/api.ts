import type { z } from "zod";
import type { CallContext } from "../../domain/connector.js";
import { InvalidResponseError, NotFoundError } from "../../errors.js";
import {
  type CacheKind,
  type HttpMethod,
  type UpstreamClient,
  type UpstreamRequest,
  WITHOUT_SENSITIVE,
} from "../../upstream/index.js";
import { callOptions } from "../common/call.js";
import { pageToEnd, type Reader, readEach } from "../common/trust.js";
import { MAX_PER_PAGE, PROVIDER, QUERY } from "./endpoints.js";
import { type ListAnswer, unwrapList, unwrapOne } from "./map.js";
import { parseAs } from "./wire.js";

export interface ReadOptions {
  /**
   * How long the answer may be cached: "sensitive" for children's full records (cached only as the config
   * allows), "roster" for the same records cached as directory data without their sensitive fields.
   */
  cache?: CacheKind | "roster";
  /** Ask the upstream even when a fresh cache entry exists (reads that decide a write). */
  fresh?: boolean;
  /** The message for a 404, naming the id that was asked for. */
  notFound?: string;
}

export type Query = Record<string, string | number | undefined>;

/** The request's cache setting; a roster is directory data with its sensitive fields taken out first. */
function cacheSpec(options: ReadOptions): Pick<UpstreamRequest, "cache"> {
  if (options.cache === undefined) return {};
  if (options.cache === "roster") return { cache: { kind: "directory", project: WITHOUT_SENSITIVE } };
  return { cache: { kind: options.cache } };
}

/** CentreCareOS has no budget to queue for: at the deadline a call still gets one short exchange. */
const ONE_EXCHANGE_MS = 1_000;

/** Pages one list may take before we call the list broken rather than answer part of it as the whole. */
const MAX_LIST_PAGES = 100;

/**
 * The connector's only way to the upstream: envelopes read both ways, pages walked to the real end (the
 * server's page size may be smaller than asked and need not say so), 404s renamed after the id asked for,
 * the caller's deadline passed on as the longest wait.
 */
export class CentreCareOsApi {
  constructor(private readonly client: UpstreamClient) {}

  private async send(req: UpstreamRequest, ctx: CallContext, options: ReadOptions = {}) {
    try {
      return await this.client.request(
        { ...req, ...(ctx.signal ? { signal: ctx.signal } : {}) },
        callOptions(ctx, { fresh: options.fresh === true, minWaitMs: ONE_EXCHANGE_MS }),
      );
    } catch (error) {
      if (error instanceof NotFoundError && options.notFound) throw new NotFoundError(options.notFound);
      throw error;
    }
  }

  async one<T>(
    path: string,
    schema: z.ZodType<T, unknown>,
    what: string,
    ctx: CallContext,
    options: ReadOptions = {},
  ): Promise<T> {
    const response = await this.send({ method: "GET", path, ...cacheSpec(options) }, ctx, options);
    return parseAs(schema, unwrapOne(response.data), what);
  }

  /** One page (1-based) of a list, its records unread, with what the answer says about the rest. */
  async page(
    path: string,
    query: Query,
    page: number,
    ctx: CallContext,
    options: ReadOptions = {},
  ): Promise<ListAnswer> {
    const response = await this.send(
      {
        method: "GET",
        path,
        query: { ...query, [QUERY.page]: page, [QUERY.perPage]: MAX_PER_PAGE },
        ...cacheSpec(options),
      },
      ctx,
      options,
    );
    return unwrapList(response.data, response.headers);
  }

  /**
   * Every record of a list, its pages walked to the real end, each record read with `read`: the unreadable
   * are counted into the call's report, and a list of only unreadable records is an error.
   */
  async all<T>(
    path: string,
    query: Query,
    read: Reader<T>,
    what: string,
    ctx: CallContext,
    options: ReadOptions = {},
  ): Promise<T[]> {
    return readEach(await this.rawAll(path, query, what, ctx, options), read, what, ctx, PROVIDER);
  }

  /** Every record of a list, unread; fails rather than answer part of a list that never ends. */
  async rawAll(
    path: string,
    query: Query,
    what: string,
    ctx: CallContext,
    options: ReadOptions = {},
    onPage?: () => void,
  ): Promise<unknown[]> {
    let seen = 0;
    const walked = await pageToEnd({
      maxPages: MAX_LIST_PAGES,
      fetch: async (index) => {
        onPage?.();
        const answer = await this.page(path, query, index + 1, ctx, options);
        seen += answer.items.length;
        return { items: answer.items, ...endOf(answer, seen) };
      },
    });
    if (!walked.complete) {
      throw new InvalidResponseError(
        PROVIDER,
        `the ${what} list did not end after ${MAX_LIST_PAGES} pages, so no answer from it would be complete`,
      );
    }
    return walked.items;
  }

  /**
   * A write: never retried (no idempotency key), and it drops cached reads under `invalidates`. Answers
   * the record as sent back, unread: the caller reads it, and settles by a read when it cannot.
   */
  async write(
    method: HttpMethod,
    path: string,
    body: unknown,
    ctx: CallContext,
    options: { invalidates: string[]; notFound?: string },
  ): Promise<unknown> {
    const response = await this.send(
      { method, path, json: body, invalidates: options.invalidates },
      ctx,
      options.notFound ? { notFound: options.notFound } : {},
    );
    try {
      return unwrapOne(response.data);
    } catch {
      return undefined;
    }
  }

  /** The hourly allowance left by the upstream's own count, from the last response's headers. */
  async probe(
    path: string,
    ctx: CallContext,
  ): Promise<{ remaining?: number; limit?: number; total?: number }> {
    const response = await this.send(
      { method: "GET", path, query: { [QUERY.page]: 1, [QUERY.perPage]: 1 } },
      ctx,
      { fresh: true },
    );
    const header = (name: string) => {
      const value = response.headers[name];
      const number = Number(Array.isArray(value) ? value[0] : value);
      return value === undefined || !Number.isFinite(number) ? undefined : number;
    };
    const list = unwrapList(response.data, response.headers);
    return {
      ...(header("x-ratelimit-remaining") === undefined
        ? {}
        : { remaining: header("x-ratelimit-remaining") }),
      ...(header("x-ratelimit-limit") === undefined ? {} : { limit: header("x-ratelimit-limit") }),
      ...(list.total === undefined ? {} : { total: list.total }),
    };
  }
}

/**
 * What a page says about where the list ends, in pageToEnd's terms: the total it states, or, when it says
 * only that nothing more follows, the count so far. The page size it echoes is never taken as the size it
 * used, and a page shorter than asked is no end by itself (pageToEnd ends on one shorter than it has seen).
 */
export function endOf(answer: ListAnswer, seen: number): { total?: number } {
  if (answer.total !== undefined) return { total: answer.total };
  return answer.hasMore === false ? { total: seen } : {};
}
