// HUBmis wellbeing events and plans, pastoral categories and severity levels as we read them.
import { z } from "zod";
import { firstOf, isRecord, withAliases } from "../common/trust.js";
import { Id } from "../common/wire.js";
import { Count, IdRef, People, Word, Words } from "./wire.js";

const PastoralStudent = withAliases(
  {
    first_name: ["forename"],
    last_name: ["surname"],
    name: ["full_name", "display_name"],
    form: ["form_id"],
    year_group: ["year_group_id"],
    enrolment_status: ["status"],
  },
  z.object({
    id: Id,
    first_name: Words,
    last_name: Words,
    name: Words,
    form: IdRef,
    year_group: IdRef,
    enrolment_status: Word,
  }),
);

/**
 * A wellbeing event or plan. The reference shows no sample: the date may be a `date_time` (with Z, an
 * offset or none), or a date and a time apart; category and severity may be objects, names or ids; the
 * status a word or an object; the pupil nested or flat; per-pupil lists may leave the type to the path.
 */
export const PastoralWire = z.preprocess(
  (raw) => {
    if (!isRecord(raw) || isRecord(raw["student"]) || isRecord(raw["pupil"])) return raw;
    const id = firstOf(raw, ["student_id", "pupil_id"]);
    if (id === undefined) return raw;
    return { ...raw, student: { id, name: firstOf(raw, ["student_name", "pupil_name"]) } };
  },
  withAliases(
    {
      type: ["record_type", "event_type", "pastoral_type"],
      title: ["summary", "headline"],
      description: ["details", "narrative", "notes"],
      date_time: ["datetime", "date_time_start", "occurred_at", "event_date_time"],
      date: ["event_date"],
      time: ["event_time"],
      status: ["state"],
      category: ["category_id", "category_name", "pastoral_category"],
      severity: ["severity_id", "severity_level", "severity_name"],
      student: ["pupil"],
      assigned_to: ["assigned_staff", "assignees", "assigned_to_id"],
    },
    z.object({
      id: Id,
      type: Word,
      title: Words,
      description: Words,
      date_time: Words,
      date: Words,
      time: Words,
      status: Word,
      category: IdRef,
      severity: z
        .union([
          withAliases(
            { name: ["title", "label"], position: ["level", "rank", "order"] },
            z.object({ id: Id.optional().catch(undefined), name: Words, position: Count }),
          ),
          IdRef,
        ])
        .nullish()
        .catch(undefined),
      student: PastoralStudent.nullish().catch(undefined),
      assigned_to: People,
    }),
  ),
);
export type PastoralWire = z.infer<typeof PastoralWire>;

export const CategoryWire = withAliases(
  { name: ["title", "label"], position: ["order", "rank"] },
  z.object({ id: Id, name: z.string(), position: Count }),
);
export const SeverityWire = withAliases(
  { name: ["title", "label"], position: ["level", "rank", "order"] },
  z.object({ id: Id, name: z.string(), position: Count }),
);
