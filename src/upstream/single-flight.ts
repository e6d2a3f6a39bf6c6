/**
 * Single-flight: concurrent calls with the same key share one execution. Once it settles, the next call
 * starts a new one. Used for identical GETs and for authenticators signing in or refreshing a token.
 */
export interface SingleFlight<T> {
  /** Runs fn unless a call with this key is in flight, in which case it joins that call. */
  run(key: string, fn: () => Promise<T>): Promise<T>;
  /** Whether a call with this key is in flight. */
  has(key: string): boolean;
  readonly size: number;
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key, fn) {
      const existing = inFlight.get(key);
      if (existing) return existing;
      // The key is released before the promise settles, so a caller arriving afterwards starts afresh.
      let tracked: Promise<T> | undefined;
      tracked = (async () => {
        try {
          await undefined; // fn starts after `tracked` is assigned, even when it throws at once
          return await fn();
        } finally {
          if (inFlight.get(key) === tracked) inFlight.delete(key);
        }
      })();
      inFlight.set(key, tracked);
      return tracked;
    },
    has(key) {
      return inFlight.has(key);
    },
    get size() {
      return inFlight.size;
    },
  };
}
