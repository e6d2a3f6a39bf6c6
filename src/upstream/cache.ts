import type KeyvRedis from "@keyv/redis";
import type { RedisClientType } from "@keyv/redis";
import { Keyv } from "keyv";
import { deepFreeze } from "./freeze.js";
import type { RedisClient } from "./redis-client.js";
import type { SharedCache } from "./types.js";

/** What each entry holds: the value and when it was stored (for stale-if-error ages). */
interface Envelope {
  v: unknown;
  t: number;
}

export interface SharedCacheOptions {
  /** Key namespace; default "school-mcp". Tests use a unique one per run. */
  namespace?: string;
  /** Memory store only: most entries kept (default 50,000); the oldest writes go first, single-use records never. */
  maxEntries?: number;
}

/**
 * The cache shared by every instance: keyv over an in-process Map for "memory", keyv over Redis
 * (@keyv/redis) for a redis:// or rediss:// URL, so several replicas share entries and single-use records.
 */
export function createSharedCache(store: string, options: SharedCacheOptions = {}): SharedCache {
  const namespace = options.namespace ?? "school-mcp";
  if (store === "memory" || store === "" || store === undefined) {
    return new MemoryCache(namespace, options.maxEntries ?? DEFAULT_MAX_MEMORY_ENTRIES);
  }
  if (/^rediss?:\/\//i.test(store)) return new RedisCache(store, namespace);
  throw new Error(`Unknown cache store "${store}": use "memory" or a redis:// URL.`);
}

/**
 * Plain JSON for Redis: entries are upstream JSON answers, so keyv's default codec (a reviver over every
 * value for Buffers and escaped colons) only costs time.
 */
const toJson = (data: unknown) => JSON.stringify(data);

/** Characters of Redis text whose decoded, frozen form is kept: a few thousand answers, tens of MB decoded. */
const MAX_DECODED_CHARS = 5_000_000;

/**
 * Redis answers decoded once per distinct text: an entry read again unchanged gives the same frozen value
 * as before, so its records' readings (kept beside frozen records) are reused across calls, as with the
 * memory store. A changed entry is a different text and is decoded afresh; the oldest texts go first.
 */
export class DecodedTexts {
  private readonly decoded = new Map<string, unknown>();
  private chars = 0;

  constructor(private readonly maxChars = MAX_DECODED_CHARS) {}

  decode(text: string): unknown {
    const known = this.decoded.get(text);
    if (known !== undefined) return known;
    const value = deepFreeze(JSON.parse(text) as unknown);
    // One huge text would push out everything else: it is decoded, and not kept.
    if (text.length > this.maxChars / 4) return value;
    for (const [old] of this.decoded) {
      if (this.chars + text.length <= this.maxChars) break;
      this.decoded.delete(old);
      this.chars -= old.length;
    }
    this.decoded.set(text, value);
    this.chars += text.length;
    return value;
  }
}

function unwrap<T>(raw: unknown): { value: T; storedAt: number } | undefined {
  if (!raw || typeof raw !== "object" || !("t" in raw)) return undefined;
  const envelope = raw as Envelope;
  return { value: envelope.v as T, storedAt: envelope.t };
}

const DEFAULT_MAX_MEMORY_ENTRIES = 50_000;

class MemoryCache implements SharedCache {
  private readonly map = new Map<string, unknown>();
  private readonly keyv: Keyv;
  private readonly pending = new Set<string>();
  /** Single-use records are never evicted for room, only when they expire. */
  private readonly pinned = new Set<string>();
  private writesSinceSweep = 0;

  constructor(
    namespace: string,
    private readonly maxEntries: number,
  ) {
    // Keys are kept exactly as given (no keyv prefix) so deletePrefix can scan the map. Entries are kept
    // as frozen copies, not JSON text: a hit costs no parse, and no caller can change what the next one reads.
    this.keyv = new Keyv({
      store: this.map,
      namespace,
      useKeyPrefix: false,
      throwOnErrors: true,
      serialize: undefined,
      deserialize: undefined,
    });
  }

  async get<T>(key: string) {
    return unwrap<T>(await this.keyv.get(key));
  }

  async set(key: string, value: unknown, ttlMs: number) {
    this.maybeSweep();
    const envelope: Envelope = { v: deepFreeze(structuredClone(value)), t: Date.now() };
    await this.keyv.set(key, envelope, Math.max(1, ttlMs));
  }

  async delete(key: string) {
    this.pinned.delete(key);
    await this.keyv.delete(key);
  }

  async deletePrefix(prefix: string) {
    for (const key of [...this.map.keys()]) {
      if (!key.startsWith(prefix)) continue;
      this.map.delete(key);
      this.pinned.delete(key);
    }
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number) {
    // One process: a synchronous claim closes the window between the read and the write.
    if (this.pending.has(key)) return false;
    this.pending.add(key);
    try {
      if ((await this.keyv.get(key)) !== undefined) return false;
      await this.set(key, value, ttlMs);
      this.pinned.add(key);
      return true;
    } finally {
      this.pending.delete(key);
    }
  }

  async close() {
    this.map.clear();
  }

  /**
   * Keyv drops expired entries only when read; sweep now and then so the map does not grow forever, and
   * past maxEntries drop the oldest writes first.
   */
  private maybeSweep() {
    if (++this.writesSinceSweep < 1000 && this.map.size < this.maxEntries) return;
    this.writesSinceSweep = 0;
    const now = Date.now();
    for (const [key, raw] of this.map) {
      const expires = (raw as { expires?: unknown } | undefined)?.expires;
      if (typeof expires === "number" && expires < now) {
        this.map.delete(key);
        this.pinned.delete(key);
      }
    }
    for (const key of this.map.keys()) {
      if (this.map.size < this.maxEntries * 0.9) break;
      if (!this.pinned.has(key)) this.map.delete(key);
    }
  }
}

/** How long an operation waits for a (re)connecting Redis before failing. */
const READY_WAIT_MS = 1_000;
/** Upper bound on any one cache operation. */
const OPERATION_TIMEOUT_MS = 2_000;

/** The Redis side of a RedisCache, built once the client module has loaded. */
interface RedisParts {
  client: RedisClient;
  adapter: KeyvRedis<unknown>;
  keyv: Keyv;
  withTimeout: <T>(promise: Promise<T>, ms: number, label: string) => Promise<T>;
}

/**
 * The Redis client (@keyv/redis and its node-redis) is loaded only when a redis:// store is configured: it
 * is the largest module the server has, and a single-process server over the memory store never needs it.
 */
async function connectRedis(url: string, namespace: string): Promise<RedisParts> {
  const [{ default: KeyvRedisAdapter }, { newRedisClient, withTimeout }] = await Promise.all([
    import("@keyv/redis"),
    import("./redis-client.js"),
  ]);
  const client = newRedisClient(url);
  const decoded = new DecodedTexts();
  // Errors surface on the operations; the client reconnects on its own.
  client.on("error", () => {});
  client.connect().catch(() => {});
  const adapter = new KeyvRedisAdapter<unknown>(client as unknown as RedisClientType, {
    namespace,
    throwOnConnectError: true,
    throwOnErrors: true,
  });
  adapter.on("error", () => {});
  const keyv = new Keyv({
    store: adapter,
    namespace,
    useKeyPrefix: false,
    throwOnErrors: true,
    serialize: toJson,
    deserialize: (text: string): ReturnType<typeof JSON.parse> => decoded.decode(text),
  });
  keyv.on("error", () => {});
  return { client, adapter, keyv, withTimeout };
}

class RedisCache implements SharedCache {
  private readonly parts: Promise<RedisParts>;
  private readonly namespace: string;
  private closed = false;
  /** After a failed wait, fail at once for a while rather than make every call wait again. */
  private unreachableUntil = 0;

  constructor(url: string, namespace: string) {
    this.namespace = namespace;
    this.parts = connectRedis(url, namespace);
    // A failed load is reported by the first operation, not as an unhandled rejection.
    this.parts.catch(() => {});
  }

  private fullKey(parts: RedisParts, key: string): string {
    return parts.adapter.createKeyPrefix(key, this.namespace);
  }

  /** The client once it is ready; fails after a short wait when Redis cannot be reached. */
  private async connected(): Promise<RedisParts> {
    if (this.closed) throw new Error("Redis cache is closed");
    const parts = await this.parts;
    const { client } = parts;
    if (client.isReady) return parts;
    if (Date.now() < this.unreachableUntil) throw new Error("Redis cache is not reachable");
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off("ready", onReady);
        this.unreachableUntil = Date.now() + 5_000;
        reject(new Error("Redis cache is not reachable"));
      }, READY_WAIT_MS);
      const onReady = () => {
        clearTimeout(timer);
        this.unreachableUntil = 0;
        resolve();
      };
      client.once("ready", onReady);
    });
    return parts;
  }

  private async run<T>(what: string, operation: (keyv: Keyv) => Promise<T>): Promise<T> {
    const parts = await this.connected();
    return parts.withTimeout(operation(parts.keyv), OPERATION_TIMEOUT_MS, `Redis cache: ${what}`);
  }

  async get<T>(key: string) {
    return unwrap<T>(await this.run("get", (keyv) => keyv.get(key)));
  }

  async set(key: string, value: unknown, ttlMs: number) {
    const envelope: Envelope = { v: value, t: Date.now() };
    await this.run("set", (keyv) => keyv.set(key, envelope, Math.max(1, Math.ceil(ttlMs))));
  }

  async delete(key: string) {
    await this.run("delete", (keyv) => keyv.delete(key));
  }

  async deletePrefix(prefix: string) {
    const parts = await this.connected();
    const { client } = parts;
    const pattern = `${escapeGlob(this.fullKey(parts, prefix))}*`;
    await parts.withTimeout(
      (async () => {
        for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
          const keys = (Array.isArray(batch) ? batch : [batch]).map(String);
          if (keys.length > 0) await client.unlink(keys);
        }
      })(),
      OPERATION_TIMEOUT_MS * 5,
      "Redis cache: deletePrefix",
    );
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number) {
    const parts = await this.connected();
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const serialized = await this.serialize(parts.keyv, { v: value, t: Date.now() }, ttl);
    const reply = await parts.withTimeout(
      parts.client.set(this.fullKey(parts, key), serialized, {
        expiration: { type: "PX", value: ttl },
        condition: "NX",
      }),
      OPERATION_TIMEOUT_MS,
      "Redis cache: setIfAbsent",
    );
    return reply === "OK";
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    let client: RedisClient;
    try {
      ({ client } = await this.parts);
    } catch {
      return;
    }
    try {
      if (client.isOpen) await client.close();
    } catch {
      client.destroy();
    }
  }

  /** The same encoding keyv writes, so get() reads what setIfAbsent stored. */
  private async serialize(keyv: Keyv, envelope: Envelope, ttlMs: number): Promise<string> {
    const serialize = keyv.serialize;
    const data = { value: envelope, expires: Date.now() + ttlMs };
    return serialize ? String(await serialize(data)) : JSON.stringify(data);
  }
}

/** Escapes Redis glob metacharacters so a prefix matches literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\^-]/g, "\\$&");
}
