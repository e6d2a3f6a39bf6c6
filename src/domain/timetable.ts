import { z } from "zod";
import { IsoDate, Labelled } from "./common.js";

export const Lesson = z.object({
  ...Labelled,
  date: IsoDate,
  start: z.string().describe("HH:MM local time"),
  end: z.string().describe("HH:MM local time"),
  period: z.string().optional(),
  subject: z.string(),
  lessonName: z.string().optional(),
  teacher: z.string().optional(),
  room: z.string().optional(),
  group: z.string().optional(),
  studentId: z.string().optional(),
  studentName: z.string().optional(),
  staffId: z.string().optional(),
  isBreak: z.boolean().optional(),
  note: z.string().optional(),
});
export type Lesson = z.infer<typeof Lesson>;
