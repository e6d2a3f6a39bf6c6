/**
 * The connector's way to the upstream layer: every GET carries the caller's scope set (cache isolation), the
 * time left before the caller's deadline (no queue wait past it), a cache kind and lifetime, and the largest
 * page size. It can also tell, without a request, whether an answer is already in the shared cache, so the
 * connector can say up front what a question will cost.
 */
import type { CallContext } from "../../domain/index.js";
import { NotFoundError } from "../../errors.js";
import {
  type CacheKind,
  type CacheProjection,
  connectionPrefix,
  DEFAULT_TTL_MS,
  requestKey,
  type SharedCache,
  type UpstreamClient,
  type UpstreamRequest,
} from "../../upstream/index.js";
import { callOptions, scopeKey } from "../common/call.js";
import { PAGE_SIZE, Q } from "./endpoints.js";

export type Query = Record<string, string | number | boolean | undefined>;

export interface CacheChoice {
  kind: CacheKind;
  ttlMs?: number;
  /** Cache (and return) the answer with its sensitive parts taken out (projection.ts). */
  project?: CacheProjection;
}

/** A path with its ids replaced, so every pupil's wellbeing list shares what is learnt of its paging. */
function pathShape(path: string): string {
  return path.replace(/\/\d+(?=\/|$)/g, "/:id");
}

export class HubmisApi {
  private readonly keyBase: string;
  /** The longest page each path has answered: the server's real page size is at least that. */
  private readonly longestPage = new Map<string, number>();

  constructor(
    readonly client: UpstreamClient,
    private readonly cache: SharedCache,
    private readonly cacheSensitive: boolean,
    connection: string,
    baseUrl: string,
    credentialKey: string,
  ) {
    this.keyBase = connectionPrefix(connection, baseUrl, credentialKey);
  }

  /** A GET; `tally`, when given, counts the answers that cost an upstream request (not from the cache). */
  async get(
    path: string,
    query: Query,
    cache: CacheChoice,
    ctx: CallContext,
    tally?: { requests: number },
  ): Promise<unknown> {
    const response = await this.client.request(this.describe(path, query, cache, ctx), callOptions(ctx));
    if (tally && response.cached === undefined) tally.requests++;
    return response.data;
  }

  /** One page of a paged list, always at the largest page size so pages are shared between questions. */
  page(
    path: string,
    query: Query,
    page: number,
    cache: CacheChoice,
    ctx: CallContext,
    tally?: { requests: number },
  ): Promise<unknown> {
    return this.get(path, { ...query, [Q.pageSize]: PAGE_SIZE, [Q.pageNumber]: page }, cache, ctx, tally);
  }

  /** Remembers a page's length, so a later list on the path can tell a short page from a full one. */
  notePage(path: string, length: number): void {
    const shape = pathShape(path);
    if (length > (this.longestPage.get(shape) ?? 0)) this.longestPage.set(shape, length);
  }

  /**
   * The page size this path is known to fill: a page shorter than it is the last. Unknown until a page of
   * the path has been seen (the reference says nothing of the largest page the server returns).
   */
  knownPageSize(path: string): number | undefined {
    return this.longestPage.get(pathShape(path));
  }

  /** A GET whose 404 becomes a NotFoundError naming what was asked for. */
  async getOr404(
    path: string,
    query: Query,
    cache: CacheChoice,
    ctx: CallContext,
    what: string,
  ): Promise<unknown> {
    try {
      return await this.get(path, query, cache, ctx);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError(`HUBmis has no ${what}.`);
      throw error;
    }
  }

  /** Whether a fresh answer for this GET sits in the shared cache (so asking costs no request). */
  async isCached(path: string, query: Query, cache: CacheChoice, ctx: CallContext): Promise<boolean> {
    if (cache.kind === "sensitive" && !this.cacheSensitive) return false;
    const key = requestKey(this.keyBase, this.describe(path, query, cache, ctx), scopeKey(ctx));
    try {
      const entry = await this.cache.get(key);
      if (!entry) return false;
      return Date.now() - entry.storedAt < (cache.ttlMs ?? DEFAULT_TTL_MS[cache.kind]);
    } catch {
      return false;
    }
  }

  private describe(path: string, query: Query, cache: CacheChoice, ctx: CallContext): UpstreamRequest {
    return {
      method: "GET",
      path,
      query,
      cache: {
        kind: cache.kind,
        ...(cache.ttlMs === undefined ? {} : { ttlMs: cache.ttlMs }),
        ...(cache.project ? { project: cache.project } : {}),
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    };
  }
}
