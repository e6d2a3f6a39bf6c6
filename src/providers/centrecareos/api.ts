import type { z } from "zod";
import type { CallContext } from "../../domain/connector.js";
import { NotFoundError } from "../../errors.js";
import type { UpstreamClient } from "../../upstream/index.js";
import type { CacheKind, HttpMethod, UpstreamCallOptions, UpstreamRequest } from "../../upstream/types.js";
import { MAX_PER_PAGE, QUERY } from "./endpoints.js";
import { unwrapList, unwrapOne } from "./map.js";
import { parseAs } from "./schemas.js";

export interface ReadOptions {
  /** How long the answer may be cached; "sensitive" for anything carrying children's records. */
  cache?: CacheKind;
  /** Ask the upstream even when a fresh cache entry exists (reads that decide a write). */
  fresh?: boolean;
  /** The message for a 404, naming the id that was asked for. */
  notFound?: string;
}

type Query = Record<string, string | number | undefined>;

export interface ListPage<T> {
  items: T[];
  hasMore: boolean;
  total?: number;
}

/**
 * The connector's only way to the upstream: envelopes read both ways, pages walked at the biggest size,
 * 404s renamed after the id asked for, the caller's deadline passed on as the longest wait.
 */
export class CentreCareOsApi {
  constructor(private readonly client: UpstreamClient) {}

  private options(ctx: CallContext, fresh?: boolean): UpstreamCallOptions {
    const maxWaitMs = ctx.deadline === undefined ? undefined : Math.max(1_000, ctx.deadline - Date.now());
    return {
      scopeKey: [...ctx.scopes].sort().join(","),
      ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
      ...(fresh ? { noCache: true } : {}),
    };
  }

  private async send(req: UpstreamRequest, ctx: CallContext, options: ReadOptions = {}) {
    try {
      return await this.client.request(
        { ...req, ...(ctx.signal ? { signal: ctx.signal } : {}) },
        this.options(ctx, options.fresh),
      );
    } catch (error) {
      if (error instanceof NotFoundError && options.notFound) throw new NotFoundError(options.notFound);
      throw error;
    }
  }

  async one<T>(
    path: string,
    schema: z.ZodType<T>,
    what: string,
    ctx: CallContext,
    options: ReadOptions = {},
  ) {
    const response = await this.send(
      { method: "GET", path, ...(options.cache ? { cache: { kind: options.cache } } : {}) },
      ctx,
      options,
    );
    return parseAs(schema, unwrapOne(response.data), what);
  }

  async page<T>(
    path: string,
    query: Query,
    page: number,
    schema: z.ZodType<T>,
    what: string,
    ctx: CallContext,
    options: ReadOptions = {},
  ): Promise<ListPage<T>> {
    const response = await this.send(
      {
        method: "GET",
        path,
        query: { ...query, [QUERY.page]: page, [QUERY.perPage]: MAX_PER_PAGE },
        ...(options.cache ? { cache: { kind: options.cache } } : {}),
      },
      ctx,
      options,
    );
    const list = unwrapList(response.data, response.headers, MAX_PER_PAGE, page);
    return {
      items: list.items.map((item, index) => parseAs(schema, item, `${what} [${index}]`)),
      hasMore: list.hasMore && list.items.length > 0,
      ...(list.total === undefined ? {} : { total: list.total }),
    };
  }

  /** Every page (up to `maxPages`, a guard against an upstream that never says "no more"). */
  async all<T>(
    path: string,
    query: Query,
    schema: z.ZodType<T>,
    what: string,
    ctx: CallContext,
    options: ReadOptions = {},
    maxPages = 50,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; page <= maxPages; page++) {
      const result = await this.page(path, query, page, schema, what, ctx, options);
      items.push(...result.items);
      if (!result.hasMore) break;
    }
    return items;
  }

  /** A write: never retried (no idempotency key), and it drops cached reads under `invalidates`. */
  async write<T>(
    method: HttpMethod,
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    what: string,
    ctx: CallContext,
    options: { invalidates: string[]; notFound?: string },
  ): Promise<T> {
    const response = await this.send(
      { method, path, json: body, invalidates: options.invalidates },
      ctx,
      options.notFound ? { notFound: options.notFound } : {},
    );
    return parseAs(schema, unwrapOne(response.data), what);
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
    const list = unwrapList(response.data, response.headers, 1, 1);
    return {
      ...(header("x-ratelimit-remaining") === undefined
        ? {}
        : { remaining: header("x-ratelimit-remaining") }),
      ...(header("x-ratelimit-limit") === undefined ? {} : { limit: header("x-ratelimit-limit") }),
      ...(list.total === undefined ? {} : { total: list.total }),
    };
  }
}
