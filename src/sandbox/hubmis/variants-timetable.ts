/** HUBmis variant forms of the timetable: a lesson of a student's or a member of staff's calendar. */
import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { zonedEpoch } from "../../time/local.js";
import { isJson, type Json, nameOf, type Step } from "./variants-json.js";

/** The record types whose forms are here. */
type Kind = "lesson";

export const ALT_TIMETABLE: Record<Kind, Step> = {
  lesson(l, { index }) {
    const { date, start_time, end_time, period, subject, group, staff, room, ...rest } = l;
    const roomRef = isJson(room) ? room : undefined;
    const periodRef = isJson(period) ? period : {};
    const teachers = Array.isArray(staff)
      ? staff.map((p: Json) => (isJson(p) ? { ...p, title: nameOf(p["title"]) } : p))
      : staff;
    if (index % 3 === 0) {
      return {
        ...rest,
        date,
        time_from: start_time,
        time_to: end_time,
        period,
        subject: nameOf(subject),
        group: isJson(group) ? { id: group["id"], code: group["code"] } : group,
        staff: teachers,
        room: roomRef ? { id: roomRef["id"], name: roomRef["room_code"] } : room,
      };
    }
    if (index % 3 === 1) {
      return {
        ...rest,
        start: utcOf(String(date), start_time),
        end: utcOf(String(date), end_time),
        period: nameOf(period),
        subject: isJson(subject) ? { id: subject["id"], name: subject["name"] } : subject,
        group_name: isJson(group) ? group["code"] : group,
        staff: teachers,
        room_name: roomRef ? roomRef["room_code"] : null,
      };
    }
    return {
      ...rest,
      date,
      period: { ...periodRef, start_time, end_time },
      subject_name: nameOf(subject),
      group,
      staff: teachers,
      room_id: roomRef ? roomRef["id"] : null,
    };
  },
};

/** A London wall time on a day as the UTC instant ("...Z"). */
function utcOf(date: string, time: unknown): unknown {
  if (typeof time !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return time;
  return new Date(zonedEpoch(date, time.slice(0, 8), TIME_ZONE)).toISOString().replace(".000Z", "Z");
}

export const NULLS_TIMETABLE: Record<Kind, Step> = {
  lesson: (l) => ({ ...l, week: null, day: null }),
};
