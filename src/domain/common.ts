import { z } from "zod";

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD");
/** ISO 8601 date-time, kept as the provider gave it once normalised to a string. */
export const IsoDateTime = z.string();

/** Every record a tool returns names the connection it came from, so merged answers stay attributable. */
export const Labelled = { connection: z.string().optional() };

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; absent on the last page. */
  nextCursor?: string;
  /** How many records match in all, when the provider says. */
  total?: number;
}

/** Marker for sensitive categories the caller's scopes do not unlock. */
export const WITHHELD = "withheld (needs sensitive:read)" as const;
