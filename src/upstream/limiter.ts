/**
 * Client-side rate limiting around the RateGate: a concurrency cap and priorities (p-queue), and a maximum
 * queue wait past which a call fails fast saying when to retry. One limiter per key, process-wide.
 */
import PQueue from "p-queue";
import { sleep } from "./abort.js";
import { maxPause, QueueFullError, RateGate } from "./rate-limit.js";
import type { RateLimitPolicy, RateStore, SharedRateGate } from "./types.js";

export interface ScheduleOptions {
  priority: "interactive" | "background";
  /** Absolute time (ms) by which the request must have started. */
  deadline: number;
  signal?: AbortSignal;
}

const PRIORITY = { interactive: 1, background: 0 } as const;

/** Where a limiter's windows are also kept for the other replicas. */
export interface SharedLimits {
  store: RateStore;
  /** How long a request taken and never finished keeps counting there (a replica may stop mid-request). */
  flightLeaseMs: number;
}

/**
 * One per rate-limit key: the gate plus a p-queue for concurrency and priority. With a shared rate store
 * the local gate is a fast pre-check, and a slot is taken only when the shared state admits it too.
 */
export class Limiter {
  readonly gate: RateGate;
  private readonly shared: SharedRateGate | undefined;
  private readonly queue: PQueue;
  private readonly policy: RateLimitPolicy;
  private readonly describe: string;

  constructor(policy: RateLimitPolicy, timeScale = 1, shared?: SharedLimits & { key: string }) {
    this.policy = policy;
    this.gate = new RateGate(policy, timeScale);
    this.shared = shared?.store.gate(shared.key, {
      ...this.gate.sharedLimits(),
      flightLeaseMs: shared.flightLeaseMs,
    });
    this.queue = new PQueue({ concurrency: Math.max(1, policy.concurrency) });
    const tightest = [...policy.windows].sort((a, b) => a.limit / a.intervalMs - b.limit / b.intervalMs)[0];
    this.describe = tightest
      ? `${tightest.limit} requests per ${formatInterval(tightest.intervalMs)}`
      : `${policy.concurrency} at a time`;
  }

  /** When a call arriving now with this priority could start (ms from now). */
  estimateWaitMs(priority: ScheduleOptions["priority"], now = Date.now()): number {
    const ahead =
      priority === "interactive" ? this.queue.sizeBy({ priority: PRIORITY.interactive }) : this.queue.size;
    // Running tasks that still wait for their slot are ahead of us too.
    return Math.max(0, this.gate.estimateStart(now, ahead + this.sleepers) - now);
  }

  private sleepers = 0;

  /**
   * Runs fn when a slot is free, in priority order. Fails fast with QueueFullError when the estimated
   * start is past the deadline, or when the deadline passes while waiting.
   */
  async schedule<T>(fn: () => Promise<T>, options: ScheduleOptions): Promise<T> {
    const now = Date.now();
    const limit = Math.min(options.deadline, now + this.policy.maxQueueWaitMs);
    const estimate = this.estimateWaitMs(options.priority, now);
    if (now + estimate > limit) throw new QueueFullError(Math.max(estimate, 1), this.describe);

    const waitController = new AbortController();
    const timer = setTimeout(
      () => waitController.abort(new QueueFullError(this.estimateWaitMs(options.priority), this.describe)),
      Math.max(0, limit - now),
    );
    const signal = options.signal
      ? AbortSignal.any([options.signal, waitController.signal])
      : waitController.signal;
    try {
      return await this.queue.add(
        async () => {
          let ticket: string | undefined;
          for (;;) {
            let wait = this.gate.tryTake(Date.now());
            if (wait === 0 && this.shared) {
              const taken = await this.shared.take(Date.now());
              // An unreachable store (undefined) leaves the decision to the local gate.
              if (taken && "waitMs" in taken) {
                this.gate.cancel(Date.now());
                wait = taken.waitMs;
              } else ticket = taken?.ticket;
            }
            if (wait === 0) break;
            if (Date.now() + wait > limit) throw new QueueFullError(wait, this.describe);
            this.sleepers++;
            try {
              await sleep(wait, signal);
            } finally {
              this.sleepers--;
            }
          }
          clearTimeout(timer);
          try {
            // The deadline may have passed while the shared store answered.
            if (this.shared) signal.throwIfAborted();
            return await fn();
          } finally {
            const now = Date.now();
            this.gate.complete(now);
            if (ticket !== undefined) void this.shared?.finish(ticket, now);
          }
        },
        { priority: PRIORITY[options.priority], signal },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Holds every request until the given time, on every replica when the limits are shared. */
  pauseUntil(until: number): void {
    const now = Date.now();
    const capped = Math.min(until, now + maxPause());
    this.gate.pauseUntil(capped, now);
    void this.shared?.pauseUntil(capped, now);
  }

  budget(now = Date.now()): { remaining: number; nextSlotInMs: number; perMinute: number } {
    const queued = this.queue.size;
    return {
      remaining: Math.max(0, this.gate.remaining(now) - queued),
      nextSlotInMs: Math.max(0, Math.ceil(this.gate.estimateStart(now, queued) - now)),
      perMinute: this.gate.perMinute(),
    };
  }

  get waiting(): number {
    return this.queue.size;
  }
}

function formatInterval(ms: number): string {
  if (ms === 60_000) return "minute";
  if (ms === 3_600_000) return "hour";
  if (ms === 86_400_000) return "day";
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

interface LimiterEntry {
  limiter: Limiter;
  refs: number;
}

const limiters = new Map<string, LimiterEntry>();

export interface LimiterHandle {
  readonly limiter: Limiter;
  release(): void;
}

/** Tells rate stores apart in the registry: two stores are two views of shared state, each with its own queue. */
const storeIds = new WeakMap<RateStore, number>();
let storesSeen = 0;

function storeId(store: RateStore | undefined): string {
  if (!store) return "local";
  let id = storeIds.get(store);
  if (id === undefined) {
    id = ++storesSeen;
    storeIds.set(store, id);
  }
  return `store${id}`;
}

/**
 * The process-wide limiter for a key (a credential, or the sharedKey of connections on one egress IP).
 * Clients on the same key share one limiter, so together they stay within the upstream's budget; with a
 * shared rate store, so do the clients of every replica using that store's Redis.
 */
export function acquireLimiter(
  key: string,
  policy: RateLimitPolicy,
  timeScale = 1,
  shared?: SharedLimits,
): LimiterHandle {
  sweepLimiters();
  const fullKey = `${key}|${timeScale}|${JSON.stringify(policy)}|${storeId(shared?.store)}`;
  let entry = limiters.get(fullKey);
  if (!entry) {
    entry = { limiter: new Limiter(policy, timeScale, shared && { ...shared, key }), refs: 0 };
    limiters.set(fullKey, entry);
  }
  entry.refs++;
  const held = entry;
  let released = false;
  return {
    limiter: held.limiter,
    release() {
      if (released) return;
      released = true;
      held.refs--;
    },
  };
}

/**
 * A released limiter is kept until its windows have emptied: a client created again for the same
 * credential must still see what was spent.
 */
function sweepLimiters(now = Date.now()): void {
  for (const [key, entry] of limiters) {
    if (entry.refs <= 0 && entry.limiter.waiting === 0 && entry.limiter.gate.isQuiet(now))
      limiters.delete(key);
  }
}
