/**
 * The Redis client settings shared by the cache and the rate store: both must fail fast while Redis is
 * down, since neither may hold up calls to the upstream.
 */
import { createClient } from "@keyv/redis";

export function newRedisClient(url: string) {
  return createClient({
    url,
    // Fail commands at once while disconnected instead of queueing them.
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2_000) },
  });
}
export type RedisClient = ReturnType<typeof newRedisClient>;

/** Rejects with "<label> timed out" when the promise has not settled within ms. */
export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} timed out`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
