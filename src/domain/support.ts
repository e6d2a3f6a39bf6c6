import { z } from "zod";
import { IsoDate, Labelled } from "./common.js";

/** One pupil's learning support record (SEN): what the need is, how severe, and whether there is an EHCP. */
export const LearningSupportRecord = z.object({
  ...Labelled,
  id: z.string(),
  studentId: z.string(),
  studentName: z.string().optional(),
  yearGroup: z.string().optional(),
  need: z.string().optional(),
  description: z.string().optional(),
  severity: z.string().optional(),
  status: z.string().optional(),
  ehcp: z.boolean().optional(),
  ehcpDate: IsoDate.optional(),
  since: IsoDate.optional(),
});
export type LearningSupportRecord = z.infer<typeof LearningSupportRecord>;

/** The learning support list: every record found, and whether the list was read to its end. */
export interface LearningSupportList {
  records: LearningSupportRecord[];
  complete: boolean;
}
