/**
 * Freezes a value and everything it holds, and answers the same value. What the cache shares between
 * callers is frozen, so no caller can change what the next one reads (a mutation throws in strict code).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}
