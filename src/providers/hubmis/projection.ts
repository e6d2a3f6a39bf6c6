/**
 * What a caller without `sensitive:read` may have cached. A pupil's profile carries medical and
 * learning-support summaries; a wellbeing record carries its narrative. Such a caller never sees those
 * parts, so for them the answer is fetched as a projection without them, and that projection is cached
 * like any directory answer. A caller with `sensitive:read` fetches the full answer, cached only as the
 * configuration allows (kind "sensitive"). The projection's name is part of the cache key, so a projected
 * entry never answers a full request, and the scope set is part of it too.
 */
import type { CallContext } from "../../domain/index.js";
import { type CacheProjection, WITHOUT_SENSITIVE } from "../../upstream/index.js";
import type { CacheChoice } from "./api.js";

/** Narrative fields of a wellbeing record, under every name the reader accepts (wire-pastoral.ts PastoralWire). */
const NARRATIVE = /^(description|details|narrative|notes|note|comments?|actions?|outcomes?|body|text)$/i;

/** Marks that a narrative was there, so the answer can still say it was withheld. */
const WITHHELD_MARK = "withheld";

function withoutNarrative(value: unknown, depth: number): unknown {
  if (depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => withoutNarrative(item, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (NARRATIVE.test(key)) {
      if (inner !== null && inner !== undefined && inner !== "") out[key] = WITHHELD_MARK;
      continue;
    }
    out[key] = withoutNarrative(inner, depth + 1);
  }
  return out;
}

/** Wellbeing lists with every sensitive field and every narrative taken out. */
export const WELLBEING_SUMMARY: CacheProjection = {
  name: "wellbeing-summary",
  apply: (data) => withoutNarrative(WITHOUT_SENSITIVE.apply(data), 0),
};

/** How a sensitive answer is fetched for this caller: whole with `sensitive:read`, else as a projection. */
export function sensitiveOr(
  projection: CacheProjection,
  kind: "directory" | "history",
  ctx: CallContext,
): CacheChoice {
  return ctx.scopes.has("sensitive:read") ? { kind: "sensitive" } : { kind, project: projection };
}

/** A pupil's profile: names, groups and enrolment for everyone; medical and SEN parts only when granted. */
export const profileCache = (ctx: CallContext): CacheChoice =>
  sensitiveOr(WITHOUT_SENSITIVE, "directory", ctx);

/** Wellbeing lists: the narrative only when granted. */
export const wellbeingCache = (ctx: CallContext): CacheChoice =>
  sensitiveOr(WELLBEING_SUMMARY, "history", ctx);
