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
