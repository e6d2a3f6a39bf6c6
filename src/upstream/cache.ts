import KeyvRedis, { createClient, type RedisClientType } from "@keyv/redis";
import { Keyv } from "keyv";
import type { SharedCache } from "./types.js";

/** What each entry holds: the value and when it was stored (for stale-if-error ages). */
interface Envelope {
  v: unknown;
  t: number;
}

export interface SharedCacheOptions {
  /** Key namespace; default "school-mcp". Tests use a unique one per run. */
  namespace?: string;
}

/**
 * The cache shared by every instance: keyv over an in-process Map for "memory", keyv over Redis
 * (@keyv/redis) for a redis:// or rediss:// URL, so several replicas share entries and single-use records.
 */
export function createSharedCache(store: string, options: SharedCacheOptions = {}): SharedCache {
  const namespace = options.namespace ?? "school-mcp";
  if (store === "memory" || store === "" || store === undefined) return new MemoryCache(namespace);
  if (/^rediss?:\/\//i.test(store)) return new RedisCache(store, namespace);
  throw new Error(`Unknown cache store "${store}": use "memory" or a redis:// URL.`);
}

function unwrap<T>(raw: unknown): { value: T; storedAt: number } | undefined {
  if (!raw || typeof raw !== "object" || !("t" in raw)) return undefined;
  const envelope = raw as Envelope;
  return { value: envelope.v as T, storedAt: envelope.t };
}

class MemoryCache implements SharedCache {
  private readonly map = new Map<string, unknown>();
  private readonly keyv: Keyv;
  private readonly pending = new Set<string>();
  private writesSinceSweep = 0;

  constructor(namespace: string) {
    // Keys are kept exactly as given (no keyv prefix) so deletePrefix can scan the map.
    this.keyv = new Keyv({ store: this.map, namespace, useKeyPrefix: false, throwOnErrors: true });
  }

  async get<T>(key: string) {
    return unwrap<T>(await this.keyv.get(key));
  }

  async set(key: string, value: unknown, ttlMs: number) {
    this.maybeSweep();
    await this.keyv.set(key, { v: value, t: Date.now() } satisfies Envelope, Math.max(1, ttlMs));
  }

  async delete(key: string) {
    await this.keyv.delete(key);
  }

  async deletePrefix(prefix: string) {
    for (const key of [...this.map.keys()]) if (key.startsWith(prefix)) this.map.delete(key);
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number) {
    // One process: a synchronous claim closes the window between the read and the write.
    if (this.pending.has(key)) return false;
    this.pending.add(key);
    try {
      if ((await this.keyv.get(key)) !== undefined) return false;
      await this.set(key, value, ttlMs);
      return true;
    } finally {
      this.pending.delete(key);
    }
  }

  async close() {
    this.map.clear();
  }

  /** Keyv drops expired entries only when read; sweep now and then so the map does not grow forever. */
  private maybeSweep() {
    if (++this.writesSinceSweep < 1000) return;
    this.writesSinceSweep = 0;
    const now = Date.now();
    for (const [key, raw] of this.map) {
      if (typeof raw !== "string") continue;
      const match = /"expires":(\d+)/.exec(raw.slice(-40));
      if (match && Number(match[1]) < now) this.map.delete(key);
    }
  }
}

function newRedisClient(url: string) {
  return createClient({
    url,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(retries * 100, 2000) },
  });
}
type RedisClient = ReturnType<typeof newRedisClient>;

class RedisCache implements SharedCache {
  private readonly adapter: KeyvRedis<unknown>;
  private readonly keyv: Keyv;
  private readonly namespace: string;
  private readonly client: RedisClient;

  constructor(url: string, namespace: string) {
    this.namespace = namespace;
    const client = newRedisClient(url);
    this.client = client;
    this.adapter = new KeyvRedis(client as unknown as RedisClientType, {
      namespace,
      throwOnConnectError: true,
      throwOnErrors: true,
    });
    this.keyv = new Keyv({ store: this.adapter, namespace, useKeyPrefix: false, throwOnErrors: true });
  }

  private fullKey(key: string): string {
    return this.adapter.createKeyPrefix(key, this.namespace);
  }

  async get<T>(key: string) {
    return unwrap<T>(await this.keyv.get(key));
  }

  async set(key: string, value: unknown, ttlMs: number) {
    await this.keyv.set(key, { v: value, t: Date.now() } satisfies Envelope, Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string) {
    await this.keyv.delete(key);
  }

  /** The adapter connects the client on first use. */
  private async connected() {
    await this.adapter.getClient();
    return this.client;
  }

  async deletePrefix(prefix: string) {
    const client = await this.connected();
    const pattern = `${escapeGlob(this.fullKey(prefix))}*`;
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
      const keys = (Array.isArray(batch) ? batch : [batch]).map(String);
      if (keys.length > 0) await client.unlink(keys);
    }
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number) {
    const client = await this.connected();
    const ttl = Math.max(1, Math.ceil(ttlMs));
    const serialized = await this.serialize({ v: value, t: Date.now() }, ttl);
    const reply = await client.set(this.fullKey(key), serialized, {
      expiration: { type: "PX", value: ttl },
      condition: "NX",
    });
    return reply === "OK";
  }

  async close() {
    await this.keyv.disconnect();
  }

  /** The same encoding keyv writes, so get() reads what setIfAbsent stored. */
  private async serialize(envelope: Envelope, ttlMs: number): Promise<string> {
    const serialize = this.keyv.serialize;
    const data = { value: envelope, expires: Date.now() + ttlMs };
    return serialize ? String(await serialize(data)) : JSON.stringify(data);
  }
}

/** Escapes Redis glob metacharacters so a prefix matches literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\^-]/g, "\\$&");
}
