/**
 * The rate store replicas share: the windows, token bucket and pauses of each limiter key kept in Redis, so
 * several server instances on one credential (or one egress IP) together stay within the upstream budget.
 * Each take and finish is one atomic Lua script (shared-rate-scripts.ts). When Redis cannot be reached the
 * limiters fall back to their local gate, and one warning says so.
 */
import { createHash, randomUUID } from "node:crypto";
import type { Logger } from "../log.js";
import { hashCredential } from "./hash.js";
import { newRedisClient, type RedisClient, withTimeout } from "./redis-client.js";
import { FINISH_SCRIPT, PAUSE_SCRIPT, TAKE_SCRIPT } from "./shared-rate-scripts.js";
import type { RateStore, SharedRateGate, SharedRateLimits, SharedTake } from "./types.js";

export interface RateStoreOptions {
  /** Prefix of every key; default "school-mcp:rate:". Tests use a unique one per run. */
  namespace?: string;
  /** Where the warning goes when Redis stops answering (and the note when it answers again). */
  logger?: Logger;
}

/**
 * The shared rate store for a cache.store setting: undefined for "memory" (one process, the local limiters
 * are the whole truth), a Redis-backed store for a redis:// or rediss:// URL.
 */
export function createRateStore(store: string, options: RateStoreOptions = {}): RateStore | undefined {
  if (store === "memory" || store === "") return undefined;
  if (/^rediss?:\/\//i.test(store)) return new RedisRateStore(store, options);
  throw new Error(`Unknown rate store "${store}": use "memory" or a redis:// URL.`);
}

/** With every slot in flight, when to ask again (a finish on any replica frees one). */
const IN_FLIGHT_POLL_MS = 10;
/** How long a take waits for a (re)connecting Redis before the local gate decides alone. */
const READY_WAIT_MS = 1_000;
/** Upper bound on one script: a slow Redis must not hold up calls longer than this. */
const OPERATION_TIMEOUT_MS = 1_000;
/** After Redis failed, limit locally for this long before trying it again. */
const RETRY_AFTER_FAILURE_MS = 5_000;

interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

const TAKE = script(TAKE_SCRIPT);
const FINISH = script(FINISH_SCRIPT);
const PAUSE = script(PAUSE_SCRIPT);

class RedisRateStore implements RateStore {
  private readonly client: RedisClient;
  private readonly namespace: string;
  private readonly logger: Logger | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  private unreachableUntil = 0;
  private degraded = false;
  private closed = false;

  constructor(url: string, options: RateStoreOptions) {
    this.namespace = options.namespace ?? "school-mcp:rate:";
    this.logger = options.logger?.child({ component: "rate-store" });
    this.client = newRedisClient(url);
    // Errors surface on the operations; the client reconnects on its own.
    this.client.on("error", () => {});
    this.client.connect().catch(() => {});
  }

  gate(key: string, limits: SharedRateLimits): SharedRateGate {
    // Hashed, so no credential or host appears in Redis; the braces keep one limiter's keys in one
    // cluster slot, which a multi-key script needs.
    return new RedisSharedGate(this, `${this.namespace}{${hashCredential(key)}}`, limits);
  }

  /**
   * Runs a script; undefined when Redis is unreachable, slow or failing (the caller limits locally).
   * Never rejects. Writes are tracked so close() lets them land.
   */
  run(what: string, code: Script, keys: string[], args: string[]): Promise<unknown> {
    const operation = this.execute(what, code, keys, args);
    this.pending.add(operation);
    void operation.finally(() => this.pending.delete(operation));
    return operation;
  }

  private async execute(what: string, code: Script, keys: string[], args: string[]): Promise<unknown> {
    if (Date.now() < this.unreachableUntil) return undefined;
    try {
      await this.connected();
      const reply = await withTimeout(
        this.evaluate(code, keys, args),
        OPERATION_TIMEOUT_MS,
        `Redis rate ${what}`,
      );
      if (this.degraded) {
        this.degraded = false;
        this.logger?.info("shared rate limits restored");
      }
      return reply;
    } catch (error) {
      if (this.closed) return undefined;
      this.unreachableUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      if (!this.degraded) {
        this.degraded = true;
        // The error's name only: its text may carry the Redis address.
        this.logger?.warn(
          "shared rate limits unavailable; each replica limits on its own until Redis answers",
          {
            operation: what,
            error: error instanceof Error ? error.name : "unknown",
          },
        );
      }
      return undefined;
    }
  }

  /** EVALSHA, loading the script with EVAL when this Redis has not seen it yet (a restart flushes them). */
  private async evaluate(code: Script, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.client.evalSha(code.sha, { keys, arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return this.client.eval(code.source, { keys, arguments: args });
    }
  }

  private async connected(): Promise<void> {
    if (this.closed) throw new Error("rate store is closed");
    if (this.client.isReady) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.client.off("ready", onReady);
        reject(new Error("Redis is not reachable"));
      }, READY_WAIT_MS);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.client.once("ready", onReady);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.pending]);
    this.closed = true;
    try {
      if (this.client.isOpen) await this.client.close();
    } catch {
      this.client.destroy();
    }
  }
}

class RedisSharedGate implements SharedRateGate {
  private readonly flightKey: string;
  private readonly pauseKey: string;
  private readonly takeKeys: string[];
  private readonly takeLimits: string[];
  private readonly finishKeys: string[];
  private readonly finishSpans: string[];

  constructor(
    private readonly store: RedisRateStore,
    base: string,
    limits: SharedRateLimits,
  ) {
    // Windows and bucket are keyed by their numbers too: replicas running different policies do not mix.
    const windows = limits.windows.map((w) => ({
      limit: w.limit,
      spanMs: Math.ceil(w.spanMs),
      key: `${base}:w:${w.limit}/${Math.ceil(w.spanMs)}`,
    }));
    const bucket = limits.bucket;
    this.flightKey = `${base}:flight`;
    this.pauseKey = `${base}:pause`;
    const bucketKey = bucket ? `${base}:b:${bucket.capacity}/${Math.round(bucket.refillMs)}` : `${base}:b`;
    this.takeKeys = [this.flightKey, this.pauseKey, bucketKey, ...windows.map((w) => w.key)];
    this.takeLimits = [
      String(Math.ceil(limits.flightLeaseMs)),
      String(bucket?.capacity ?? 0),
      String(bucket?.refillMs ?? 0),
      String(IN_FLIGHT_POLL_MS),
      ...windows.flatMap((w) => [String(w.limit), String(w.spanMs)]),
    ];
    this.finishKeys = [this.flightKey, ...windows.map((w) => w.key)];
    this.finishSpans = windows.map((w) => String(w.spanMs));
  }

  async take(now: number): Promise<SharedTake> {
    const ticket = randomUUID();
    const reply = await this.store.run("take", TAKE, this.takeKeys, [
      String(Math.floor(now)),
      ticket,
      ...this.takeLimits,
    ]);
    if (reply === undefined || reply === null) return undefined;
    const waitMs = Number(reply);
    return waitMs > 0 ? { waitMs } : { ticket };
  }

  async finish(ticket: string, now: number): Promise<void> {
    await this.store.run("finish", FINISH, this.finishKeys, [
      String(Math.ceil(now)),
      ticket,
      ...this.finishSpans,
    ]);
  }

  async pauseUntil(until: number, now: number): Promise<void> {
    await this.store.run(
      "pause",
      PAUSE,
      [this.pauseKey],
      [String(Math.floor(now)), String(Math.ceil(until))],
    );
  }
}
