/** HUBmis variant forms of the school's structure: years, terms, holidays, days, forms, groups, houses. */
import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { localIso, zonedEpoch } from "../../time/local.js";
import { isJson, type Step, same } from "./variants-json.js";

/** The record types whose forms are here. */
type Kind = "year" | "dated" | "day" | "form" | "tutor" | "yearGroup" | "house";

export const ALT_SCHOOL: Record<Kind, Step> = {
  year(y) {
    const { start_date, end_date, is_current: _flag, ...rest } = y;
    return { ...rest, id: String(y["id"]), date_start: start_date, date_end: end_date };
  },
  dated(d, { index }) {
    const { start_date, end_date, ...rest } = d;
    if (index % 3 === 0) return { ...rest, date_start: start_date, date_end: end_date };
    if (index % 3 === 1) return { ...rest, date_from: start_date, date_to: end_date };
    return { ...rest, start_date: localMidnight(start_date), end_date: localMidnight(end_date) };
  },
  day(d, { index }) {
    const { date, name, ...rest } = d;
    if (index % 2 === 0) return { ...rest, name, date_start: date, date_end: date };
    return { ...rest, description: name, date_time: localMidnight(date) };
  },
  form(f) {
    const { code: _code, year_group, ...rest } = f;
    return {
      ...rest,
      id: String(f["id"]),
      student_count: String(f["student_count"]),
      year_group: isJson(year_group) ? { id: year_group["id"] } : year_group,
    };
  },
  tutor: (t) => ({ ...t, id: String(t["id"]), student_count: String(t["student_count"]) }),
  yearGroup: (y) => ({
    ...y,
    id: String(y["id"]),
    position: String(y["position"]),
    total_student_count: String(y["total_student_count"]),
  }),
  house(h) {
    const { is_active, ...rest } = h;
    return { ...rest, id: String(h["id"]), active: is_active ? 1 : 0 };
  },
};

/** A day as London's midnight, written with its offset. */
function localMidnight(date: unknown): unknown {
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
  return localIso(zonedEpoch(date, "00:00", TIME_ZONE), TIME_ZONE);
}

export const NULLS_SCHOOL: Record<Kind, Step> = {
  year: (y) => ({ ...y, is_current: null }),
  dated: same,
  day: same,
  form: (f) => ({ ...f, short_description: null, staff_report_writers: null, rooms: null }),
  tutor: (t) => ({ ...t, short_description: null, rooms: null }),
  yearGroup: (y) => ({ ...y, uuid: null, dfe_year: null }),
  house: (h) => ({ ...h, note: null, phone: null, address: null, profile_image: null }),
};
