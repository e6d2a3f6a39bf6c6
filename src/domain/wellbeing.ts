import { z } from "zod";
import { IsoDate, Labelled } from "./common.js";

export const WellbeingEvent = z.object({
  ...Labelled,
  id: z.string(),
  type: z.enum(["event", "plan"]),
  studentId: z.string(),
  studentName: z.string().optional(),
  yearGroup: z.string().optional(),
  form: z.string().optional(),
  date: IsoDate,
  category: z.string().optional(),
  severity: z.string().optional(),
  /** Higher is more severe; lets callers sort across providers. */
  severityRank: z.number().optional(),
  status: z.string().optional(),
  assignedTo: z.array(z.string()).optional(),
  title: z.string().optional(),
  /** Narrative detail: only with sensitive:read; otherwise the WITHHELD marker. */
  detail: z.string().optional(),
});
export type WellbeingEvent = z.infer<typeof WellbeingEvent>;

/** Counts of wellbeing records by type and category, open and closed, and by severity. */
export const WellbeingSummary = z.object({
  ...Labelled,
  total: z.number(),
  /** False when the records could not all be read in time: the counts are then of those read. */
  complete: z.boolean(),
  byCategory: z.array(
    z.object({
      type: z.enum(["event", "plan"]),
      category: z.string(),
      total: z.number(),
      open: z.number(),
      closed: z.number(),
    }),
  ),
  bySeverity: z.array(z.object({ severity: z.string(), total: z.number() })),
});
export type WellbeingSummary = z.infer<typeof WellbeingSummary>;

const OPEN = /^(open|active|ongoing|current)$/i;

/** The summary of a complete set of records: every record counted once, in every row it belongs to. */
export function summariseWellbeing(events: readonly WellbeingEvent[], complete: boolean): WellbeingSummary {
  const categories = new Map<string, WellbeingSummary["byCategory"][number]>();
  const severities = new Map<string, { severity: string; total: number; rank: number }>();
  for (const e of events) {
    const category = e.category ?? "uncategorised";
    const row = categories.get(`${e.type}:${category}`) ?? {
      type: e.type,
      category,
      total: 0,
      open: 0,
      closed: 0,
    };
    row.total++;
    if (e.status !== undefined && OPEN.test(e.status)) row.open++;
    else if (e.status !== undefined) row.closed++;
    categories.set(`${e.type}:${category}`, row);
    const severity = e.severity ?? "unspecified";
    const s = severities.get(severity) ?? { severity, total: 0, rank: e.severityRank ?? 0 };
    s.total++;
    severities.set(severity, s);
  }
  return {
    total: events.length,
    complete,
    byCategory: [...categories.values()].sort(
      (a, b) => b.total - a.total || a.category.localeCompare(b.category),
    ),
    bySeverity: [...severities.values()]
      .sort((a, b) => b.rank - a.rank)
      .map(({ severity, total }) => ({ severity, total })),
  };
}
