/**
 * Cache projections: an answer with sensitive parts (medical, SEN, safeguarding, learning support) may be
 * cached as directory data once those parts are taken out. The projection is applied to the answer before
 * it is stored and before it is returned, so the caller that fetched it and every later caller see the same
 * record; its name is part of the cache key, so a projected entry never answers a full request.
 */
import type { CacheProjection } from "./types.js";

/** Field names that carry sensitive detail in any provider's wire format, whatever their casing or separators. */
const SENSITIVE_FIELD =
  /(medical|allerg|condition|medication|dietary|diet|health|sen(_|$)|senstatus|send|special_?needs|learning_?support|ehcp|safeguard|wellbeing|concern|disabilit)/i;

function strip(value: unknown, depth: number): unknown {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => strip(item, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SENSITIVE_FIELD.test(key)) continue;
    out[key] = strip(inner, depth + 1);
  }
  return out;
}

/** Every field whose name marks it sensitive is removed, at any depth (records, pages, nested records). */
export const WITHOUT_SENSITIVE: CacheProjection = {
  name: "no-sensitive",
  apply: (data) => strip(data, 0),
};

/** True when a field name would be removed by WITHOUT_SENSITIVE (for tests and documentation). */
export const isSensitiveField = (name: string): boolean => SENSITIVE_FIELD.test(name);
