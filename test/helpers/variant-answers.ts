import { expect } from "vitest";
import type { SandboxVariant } from "../../src/sandbox/common/variants.js";

/**
 * Where a variant sends null for an optional field, the record leaves it out (never a made-up value); every
 * field it does carry is the default's. Other variants must match the default exactly.
 */
export function expectSameAs(variant: SandboxVariant, actual: unknown, expected: unknown): void {
  if (variant !== "nulls" && variant !== "stand-in") {
    expect(actual).toEqual(expected);
    return;
  }
  expect(subsetOf(actual, expected, "answer")).toEqual([]);
}

/** Every way `actual` differs from `expected` other than leaving fields out, as readable paths. */
export function subsetOf(actual: unknown, expected: unknown, path: string): string[] {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length) return [`${path}: ${actual.length} items, not ${expected.length}`];
    return actual.flatMap((item, i) => subsetOf(item, expected[i], `${path}[${i}]`));
  }
  if (isPlain(actual) && isPlain(expected)) {
    return Object.entries(actual).flatMap(([key, value]) =>
      key in expected
        ? subsetOf(value, expected[key], `${path}.${key}`)
        : [`${path}.${key}: not in the default`],
    );
  }
  return Object.is(actual, expected) || JSON.stringify(actual) === JSON.stringify(expected)
    ? []
    : [`${path}: ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`];
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
