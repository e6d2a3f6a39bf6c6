/** HUBmis variant forms of attendance: the attendance codes and a student's register marks. */
import { isJson, type Step } from "./variants-json.js";

/** The record types whose forms are here. */
type Kind = "code" | "mark";

export const ALT_ATTENDANCE: Record<Kind, Step> = {
  code(c, { index }) {
    const { description, statistical_category, is_late, ...rest } = c;
    const category = String(statistical_category);
    const words = category.charAt(0).toUpperCase() + category.slice(1).replaceAll("_", " ");
    if (index % 2 === 0) {
      return {
        ...rest,
        id: String(c["id"]),
        name: description,
        statistical_category: { code: category, name: words },
        is_late,
      };
    }
    return { ...rest, description, category: words, is_late: is_late ? 1 : 0 };
  },
  mark(m, { index, params }) {
    const { date, date_time, attendance_session, attendance_code, minutes_late, description, ...rest } = m;
    const code = isJson(attendance_code) ? attendance_code : {};
    const student = params["id"] === undefined ? {} : { student_id: params["id"] };
    const late = minutes_late === null || minutes_late === undefined ? null : String(minutes_late);
    if (index % 3 === 0) {
      return {
        ...rest,
        ...student,
        date_time,
        session: String(attendance_session).toUpperCase(),
        attendance_code: code["code"],
        minutes_late: late,
        note: description,
      };
    }
    if (index % 3 === 1) {
      return {
        ...rest,
        ...student,
        date,
        attendance_session,
        attendance_code_id: code["id"],
        minutes_late: late,
        comment: description,
      };
    }
    return {
      ...rest,
      date: `${String(date)} 00:00:00`,
      attendance_session,
      attendance_code: { id: code["id"], code: code["code"] },
      minutes_late,
      description,
    };
  },
};

export const NULLS_ATTENDANCE: Record<Kind, Step> = {
  code: (c) => ({ ...c, display: null }),
  mark: (m) => ({
    ...m,
    ...("date_time" in m && m["date_time"] ? { date: null } : {}),
    ...(Number(m["minutes_late"] ?? 0) > 0 ? {} : { minutes_late: null }),
    ...(m["description"] ? {} : { description: null }),
  }),
};
