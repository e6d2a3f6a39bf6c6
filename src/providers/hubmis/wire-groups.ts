// HUBmis forms, tutor groups, subject sets, activities, year groups and houses as we read them.
import { z } from "zod";
import { withAliases } from "../common/trust.js";
import { Id } from "../common/wire.js";
import { Count, Flag, IdRef, People, Word, Words } from "./wire.js";

const GROUP_ALIASES = {
  code: ["timetable_code", "short_name"],
  name: ["title"],
  student_count: ["students_count", "number_of_students", "member_count"],
  staff: ["tutors", "teachers"],
  year_group: ["year_group_id"],
} as const;

const GroupBase = z.object({
  id: Id,
  code: Words,
  name: z.string(),
  student_count: Count,
  staff: People,
  year_group: IdRef,
});

export const FormWire = withAliases(GROUP_ALIASES, GroupBase);
export type FormWire = z.infer<typeof FormWire>;
export const TutorGroupWire = withAliases(GROUP_ALIASES, GroupBase);
export type TutorGroupWire = z.infer<typeof TutorGroupWire>;
export const SubjectSetWire = withAliases(
  { ...GROUP_ALIASES, subject: ["subject_id"] },
  GroupBase.extend({ subject: IdRef }),
);
export type SubjectSetWire = z.infer<typeof SubjectSetWire>;
export const ActivityWire = withAliases(GROUP_ALIASES, GroupBase);
export type ActivityWire = z.infer<typeof ActivityWire>;
export const YearGroupWire = withAliases(
  { ...GROUP_ALIASES, position: ["order", "rank"], year_group_heads: ["heads", "head_of_year"] },
  GroupBase.extend({ position: Count, total_student_count: Count, year_group_heads: People }),
);
export type YearGroupWire = z.infer<typeof YearGroupWire>;
export const HouseWire = withAliases(
  { ...GROUP_ALIASES, is_active: ["active", "isActive"] },
  GroupBase.extend({ house_type: Word, is_active: Flag }),
);
export type HouseWire = z.infer<typeof HouseWire>;
