// HUBmis attendance codes and register marks as we read them.
import { z } from "zod";
import { withAliases } from "../common/trust.js";
import { Id } from "../common/wire.js";
import { Count, Flag, IdRef, Word, Words } from "./wire.js";

export const CodeWire = withAliases(
  {
    code: ["short_code", "mark", "symbol"],
    description: ["name", "meaning", "label"],
    statistical_category: ["category", "dfe_category", "statistical_category_code"],
    is_late: ["late"],
  },
  z.object({
    id: Id,
    code: z.string(),
    description: Words,
    statistical_category: Word,
    is_late: Flag,
  }),
);
export type CodeWire = z.infer<typeof CodeWire>;

/** A register mark's code: the code itself, its id (digits: DfE codes are never digits), or an object. */
const MarkCode = z
  .union([
    z.number().transform((id) => ({ id: String(id), code: undefined, description: undefined })),
    z
      .string()
      .transform((value) =>
        /^\d+$/.test(value)
          ? { id: value, code: undefined, description: undefined }
          : { id: undefined, code: value, description: undefined },
      ),
    withAliases(
      { code: ["short_code", "mark", "symbol"], description: ["name", "meaning", "label"] },
      z.object({ id: Id.optional().catch(undefined), code: Words, description: Words }),
    ),
  ])
  .nullish()
  .catch(undefined);

export const AttendanceWire = withAliases(
  {
    date: ["attendance_date", "day"],
    date_time: ["datetime", "date_time_start"],
    attendance_session: ["session", "session_type", "attendance_session_type"],
    attendance_code: ["code", "mark", "attendance_code_id"],
    minutes_late: ["late_minutes"],
    description: ["note", "comment", "notes"],
    student: ["student_id", "pupil_id"],
  },
  z.object({
    date: Words,
    date_time: Words,
    attendance_session: Word,
    attendance_code: MarkCode,
    minutes_late: Count,
    description: Words,
    student: IdRef,
  }),
);
export type AttendanceWire = z.infer<typeof AttendanceWire>;
