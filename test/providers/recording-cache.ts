import { createSharedCache, type SharedCache } from "../../src/upstream/index.js";

/** A store (memory unless one is given) that records what is written to it, so a test can read what an entry holds. */
export function recordingCache(inner: SharedCache = createSharedCache("memory")): {
  cache: SharedCache;
  written: Map<string, string>;
} {
  const written = new Map<string, string>();
  return {
    written,
    cache: {
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      deletePrefix: (prefix) => inner.deletePrefix(prefix),
      setIfAbsent: (key, value, ttl) => inner.setIfAbsent(key, value, ttl),
      close: () => inner.close(),
      set: async (key, value, ttl) => {
        written.set(key, JSON.stringify(value));
        await inner.set(key, value, ttl);
      },
    },
  };
}
