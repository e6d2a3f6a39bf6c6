/**
 * Work that continues after the answer. A budget-bound question that cannot finish by the tool's deadline
 * answers with what it has and a cursor; the rest of its requests go on here, paced by the same rate
 * limiter (and the caller's fair share), and their results wait under the question's key. Asking again with
 * the cursor takes what was done meanwhile, so no request is sent twice and the wait is only for what is
 * still left. A job forgets its results a while after they were last asked for.
 *
 * `continueInBackground` is also what a task runner calls to carry on a question as an MCP Task.
 */
import { RateLimitedError } from "../errors.js";

export interface BackgroundOptions {
  /** How long finished results are kept for the next ask. Default 15 minutes. */
  keepMs?: number;
  /** Requests a job runs at once (the rate limiter still paces them). Default 2. */
  parallel?: number;
  /** Longest wait after a refusal before trying the same item again. Default 60 s. */
  maxPauseMs?: number;
  now?: () => number;
}

export interface BackgroundStatus {
  done: number;
  remaining: number;
  running: boolean;
  /** Why the job stopped early, when it did (an error other than a rate limit). */
  failed?: string;
}

interface Job<T> {
  results: Map<string, T>;
  pending: string[];
  /** Sent and not yet answered: neither added again nor dropped. */
  inFlight: Set<string>;
  running: boolean;
  failed?: string;
  touched: number;
}

export class BackgroundWork<T> {
  private readonly jobs = new Map<string, Job<T>>();
  private readonly keepMs: number;
  private readonly parallel: number;
  private readonly maxPauseMs: number;
  private readonly now: () => number;
  private closed = false;

  constructor(options: BackgroundOptions = {}) {
    this.keepMs = options.keepMs ?? 15 * 60_000;
    this.parallel = options.parallel ?? 2;
    this.maxPauseMs = options.maxPauseMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Goes on fetching `items` (ids not yet done) for the question `key`, each with `fetch`. Items already
   * done or already pending are not added twice; a job that is running takes the new ones on.
   */
  continueInBackground(key: string, items: readonly string[], fetch: (item: string) => Promise<T>): void {
    if (this.closed) return;
    this.sweep();
    const job: Job<T> = this.jobs.get(key) ?? {
      results: new Map(),
      pending: [],
      inFlight: new Set(),
      running: false,
      touched: 0,
    };
    job.touched = this.now();
    this.jobs.set(key, job);
    for (const item of items) {
      if (!job.results.has(item) && !job.inFlight.has(item) && !job.pending.includes(item)) {
        job.pending.push(item);
      }
    }
    if (job.running || job.pending.length === 0) return;
    job.running = true;
    delete job.failed;
    void Promise.all(Array.from({ length: this.parallel }, () => this.work(job, fetch))).finally(() => {
      job.running = false;
    });
  }

  /** What the job has done so far for `key` (empty when there is none); the results stay for later asks. */
  results(key: string): ReadonlyMap<string, T> {
    const job = this.jobs.get(key);
    if (!job) return new Map();
    job.touched = this.now();
    return job.results;
  }

  /**
   * The question is asked again and its answer takes over what is still pending (requests already sent
   * finish and are kept); an answer that stops early hands the rest back with continueInBackground.
   */
  takeOver(key: string): void {
    const job = this.jobs.get(key);
    if (job) job.pending.length = 0;
  }

  status(key: string): BackgroundStatus | undefined {
    const job = this.jobs.get(key);
    if (!job) return undefined;
    return {
      done: job.results.size,
      remaining: job.pending.length,
      running: job.running,
      ...(job.failed ? { failed: job.failed } : {}),
    };
  }

  /** Stops taking new items; requests already sent finish. */
  close(): void {
    this.closed = true;
    for (const job of this.jobs.values()) job.pending.length = 0;
  }

  private async work(job: Job<T>, fetch: (item: string) => Promise<T>): Promise<void> {
    for (;;) {
      if (this.closed) return;
      const item = job.pending.shift();
      if (item === undefined) return;
      job.inFlight.add(item);
      try {
        job.results.set(item, await fetch(item));
      } catch (error) {
        if (error instanceof RateLimitedError) {
          // Back in the queue, after the wait the refusal named.
          job.pending.unshift(item);
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(this.maxPauseMs, error.retryAfterSeconds * 1000)).unref(),
          );
          continue;
        }
        job.failed = error instanceof Error ? error.message : "the upstream request failed";
        job.pending.length = 0;
        return;
      } finally {
        job.inFlight.delete(item);
      }
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, job] of this.jobs) {
      if (!job.running && now - job.touched > this.keepMs) this.jobs.delete(key);
    }
  }
}
