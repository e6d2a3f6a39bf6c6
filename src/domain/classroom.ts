import { z } from "zod";
import { IsoDate, IsoDateTime, Labelled } from "./common.js";

export const BehaviourEvent = z.object({
  ...Labelled,
  id: z.string(),
  studentId: z.string(),
  studentName: z.string().optional(),
  timestamp: IsoDateTime,
  type: z.string(),
  polarity: z.enum(["positive", "negative", "neutral"]),
  reason: z.string(),
  score: z.number(),
  teacher: z.string().optional(),
  lesson: z.string().optional(),
  note: z.string().optional(),
});
export type BehaviourEvent = z.infer<typeof BehaviourEvent>;

/** A badge a pupil earned, on the day of its award, with the behaviour reasons that earned it. */
export const Badge = z.object({
  ...Labelled,
  id: z.string(),
  studentId: z.string(),
  studentName: z.string().optional(),
  name: z.string(),
  date: IsoDate,
  reasons: z.array(z.string()).optional(),
});
export type Badge = z.infer<typeof Badge>;

export const Detention = z.object({
  ...Labelled,
  id: z.string(),
  studentId: z.string(),
  studentName: z.string().optional(),
  date: IsoDate,
  time: z.string().optional(),
  lengthMinutes: z.number().optional(),
  location: z.string().optional(),
  attended: z.enum(["yes", "no", "upscaled", "pending"]),
  reason: z.string().optional(),
  teacher: z.string().optional(),
  type: z.string().optional(),
});
export type Detention = z.infer<typeof Detention>;

export const Homework = z.object({
  ...Labelled,
  id: z.string(),
  studentId: z.string(),
  studentName: z.string().optional(),
  title: z.string(),
  subject: z.string().optional(),
  teacher: z.string().optional(),
  issueDate: IsoDate,
  dueDate: IsoDate,
  status: z.enum(["todo", "completed", "late", "not_completed", "unknown"]),
  description: z.string().optional(),
  estimatedMinutes: z.number().optional(),
});
export type Homework = z.infer<typeof Homework>;

export const Announcement = z.object({
  ...Labelled,
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  timestamp: IsoDateTime,
  author: z.string().optional(),
  school: z.string().optional(),
  sticky: z.boolean().optional(),
  requiresConsent: z.boolean().optional(),
});
export type Announcement = z.infer<typeof Announcement>;
