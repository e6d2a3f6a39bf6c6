import { z } from "zod";
import { Labelled } from "./common.js";

export const GroupKind = z.enum([
  "room",
  "form",
  "tutor_group",
  "house",
  "year_group",
  "class",
  "subject_set",
  "activity",
  "department",
  "section",
]);
export type GroupKind = z.infer<typeof GroupKind>;

export const Group = z.object({
  ...Labelled,
  id: z.string(),
  name: z.string(),
  kind: GroupKind,
  capacity: z.number().optional(),
  occupancy: z.number().optional(),
  memberCount: z.number().optional(),
  staff: z.array(z.string()).optional(),
  yearGroup: z.string().optional(),
  /** What it is made of: a department's subjects, a section's year groups. */
  includes: z.array(z.string()).optional(),
});
export type Group = z.infer<typeof Group>;
