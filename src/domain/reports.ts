import { z } from "zod";
import { IsoDate, Labelled } from "./common.js";

/** A pupil's progress report: its title and day, and per subject the grades and comment it gives. */
export const ProgressReport = z.object({
  ...Labelled,
  id: z.string(),
  studentId: z.string(),
  title: z.string(),
  date: IsoDate,
  subjects: z.array(
    z.object({
      subject: z.string(),
      attainment: z.string().optional(),
      effort: z.string().optional(),
      comment: z.string().optional(),
    }),
  ),
});
export type ProgressReport = z.infer<typeof ProgressReport>;
