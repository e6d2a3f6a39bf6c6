/**
 * The variant forms of the records added beside the first sandbox (src/sandbox/hubmis/variants.ts lays
 * them over the default answers): departments and sections, the default working hours, a member of
 * staff's contact details and learning support records.
 */
import { isJson, type Json, nameOf, type Step } from "./variants-json.js";

export const ALT_MORE: Record<"group" | "hours" | "staffContact" | "support", Step> = {
  // Heads under another name; subjects and year groups as bare names.
  group(g) {
    const { department_heads, section_heads, subjects, year_groups, ...rest } = g;
    const names = (list: unknown) => (Array.isArray(list) ? list.map((x: Json) => x?.["name"]) : list);
    return {
      ...rest,
      id: String(g["id"]),
      heads: department_heads ?? section_heads,
      ...(subjects !== undefined ? { subjects: names(subjects) } : {}),
      ...(year_groups !== undefined ? { year_groups: names(year_groups) } : {}),
    };
  },
  // The weekday by name, times as time_from/time_to without seconds.
  hours(h) {
    const { day_of_week, start_time, end_time, ...rest } = h;
    const days = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    return {
      ...rest,
      day: days[Number(day_of_week)],
      time_from: String(start_time).slice(0, 5),
      time_to: String(end_time).slice(0, 5),
    };
  },
  // Type and severity as bare names, the pupil by id beside a name, the flag as 1/0, dates under other names.
  support(r, { index }) {
    const { learning_support_type, severity, student, ehcp, learning_support_date, ...rest } = r;
    const s = isJson(student) ? student : {};
    return {
      ...rest,
      id: String(r["id"]),
      type: nameOf(learning_support_type),
      severity: nameOf(severity),
      student_id: String(s["id"]),
      student_name: `${s["first_name"]} ${s["last_name"]}`,
      ...(index % 2 === 0
        ? { year_group: s["year_group"] }
        : { year_group_id: (s["year_group"] as Json)?.["id"] }),
      ehcp: ehcp ? 1 : 0,
      start_date: learning_support_date,
    };
  },
  // The emergency contact as parts rather than one line.
  staffContact(c) {
    const value = c["emergency_contact"];
    if (typeof value !== "string") return c;
    const [name, phone] = value.split(", ");
    return { emergency_contact: { name, phone } };
  },
};

export const NULLS_MORE: Record<"group" | "hours" | "staffContact" | "support", Step> = {
  group: (g) => ({ ...g, academic_year: null, position: null }),
  hours: (h) => ({ ...h, staff: null, notes: null }),
  staffContact: (c) => ({ ...c, notes: null }),
  support: (r) => ({ ...r, files: null, ehcp_date: r["ehcp_date"] ?? null, inactive_date: null }),
};
