/**
 * Cache keys and lifetimes. A key names the connection, a hash of its base URL and credential, the request
 * (GET, normalized path, a hash of the sorted query) and a hash of the caller's scope set, so no two
 * tenants, credentials or scope sets ever share an entry, and no query text (a searched name) is stored in
 * a key. Path first, scope last: a write invalidates a path prefix for every scope set at once.
 */
import { hashCredential } from "./hash.js";
import type { CacheKind, UpstreamRequest } from "./types.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_TTL_MS: Record<CacheKind, number> = {
  reference: 6 * HOUR,
  directory: 10 * MINUTE,
  timetable: 30 * MINUTE,
  history: 5 * MINUTE,
  live: 20_000,
  sensitive: 5 * MINUTE,
};

export const DEFAULT_STALE_MS: Record<CacheKind, number> = {
  reference: 24 * HOUR,
  directory: 24 * HOUR,
  timetable: 24 * HOUR,
  history: 24 * HOUR,
  live: HOUR,
  sensitive: HOUR,
};

/** Leading slash, no duplicate or trailing slashes. */
export function normalizePath(path: string): string {
  const cleaned = `/${path}`.replace(/\/{2,}/g, "/").replace(/\/+$/, "");
  return cleaned === "" ? "/" : cleaned;
}

/** The query as a canonical string: undefined dropped, keys sorted, values stringified. */
export function canonicalQuery(query: UpstreamRequest["query"]): string {
  const entries = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, String(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return new URLSearchParams(entries as [string, string][]).toString();
}

/** Everything a connection and credential own: `up1:<connection>:<hash of baseUrl+credential>:`. */
export function connectionPrefix(connection: string, baseUrl: string, credentialKey: string): string {
  return `up1:${encodeURIComponent(connection)}:${hashCredential(baseUrl, credentialKey)}:`;
}

/** The prefix a write invalidates: every cached GET under this path, for every scope set. */
export function invalidationPrefix(base: string, path: string): string {
  return `${base}GET ${normalizePath(path)}`;
}

export function requestKey(base: string, req: UpstreamRequest, scopeKey: string): string {
  const query = canonicalQuery(req.query);
  const queryPart = query ? `?${hashCredential(query)}` : "";
  // A projected answer (sensitive fields removed) never answers a request for the full record.
  const projection = req.cache?.project ? `~${req.cache.project.name}` : "";
  return `${base}${req.method} ${normalizePath(req.path)}${queryPart}${projection}#${scopeHash(scopeKey)}`;
}

/** Scope sets are few (one per kind of caller), and every cached read hashes one. */
const scopeHashes = new Map<string, string>();
const MAX_SCOPE_HASHES = 256;

function scopeHash(scopeKey: string): string {
  let hash = scopeHashes.get(scopeKey);
  if (hash === undefined) {
    hash = hashCredential("scope", scopeKey);
    if (scopeHashes.size >= MAX_SCOPE_HASHES) scopeHashes.clear();
    scopeHashes.set(scopeKey, hash);
  }
  return hash;
}
