/** HUBmis variant forms of pastoral records: events, wellbeing events and plans, categories, severities. */
import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { localIso, localParts } from "../../time/local.js";
import { isJson, type Json, nameOf, type Place, type Step } from "./variants-json.js";

/** The record types whose forms are here. */
type Kind = "pastoral" | "studentPastoral" | "category" | "severity";

export const ALT_PASTORAL: Record<Kind, Step> = {
  pastoral: (p, place) => pastoralAlt(p, place, true),
  studentPastoral: (p, place) => pastoralAlt(p, place, false),
  category(c) {
    const { name, position, ...rest } = c;
    return { ...rest, id: String(c["id"]), title: name, position: String(position) };
  },
  severity(s) {
    const { position, ...rest } = s;
    return { ...rest, level: position };
  },
};

function pastoralAlt(p: Json, { index }: Place, typed: boolean): Json {
  const { type, date_time, status, category, severity, student, assigned_to, ...rest } = p;
  const pupil = isJson(student) ? student : {};
  const people = Array.isArray(assigned_to) ? (assigned_to as Json[]) : [];
  const at = Date.parse(String(date_time));
  const local = localParts(at, TIME_ZONE);
  const out: Json = { ...rest, id: String(p["id"]) };
  if (typed) out["type"] = index % 3 === 1 ? String(type).replace("wellbeing_", "") : type;
  const statusName = String(status).charAt(0).toUpperCase() + String(status).slice(1);
  if (index % 3 === 0) {
    Object.assign(out, {
      date: local.date,
      time: local.time,
      status: statusName,
      category_id: isJson(category) ? category["id"] : null,
      severity_id: isJson(severity) ? severity["id"] : null,
      student: {
        id: pupil["id"],
        first_name: pupil["first_name"],
        last_name: pupil["last_name"],
        enrolment_status: pupil["enrolment_status"],
        form: isJson(pupil["form"]) ? { id: pupil["form"]["id"] } : null,
        year_group: isJson(pupil["year_group"]) ? { id: pupil["year_group"]["id"] } : null,
      },
      assigned_to: people.map((s) => (isJson(s) ? { id: s["id"], name: fullName(s) } : s)),
    });
  } else if (index % 3 === 1) {
    Object.assign(out, {
      date_time: localIso(at, TIME_ZONE),
      status: { id: status === "active" ? 1 : 2, name: statusName },
      category: nameOf(category),
      severity: isJson(severity) ? { id: severity["id"], name: severity["name"] } : severity,
      student: {
        id: String(pupil["id"]),
        name: `${String(pupil["first_name"])} ${String(pupil["last_name"])}`,
        enrolment_status: pupil["enrolment_status"],
        form: isJson(pupil["form"]) ? { id: pupil["form"]["id"], code: pupil["form"]["code"] } : null,
        year_group: pupil["year_group"],
      },
      assigned_to: people,
    });
  } else {
    Object.assign(out, {
      date_time: `${local.date} ${local.time}`,
      status,
      category,
      severity: nameOf(severity),
      student,
      assigned_to: people.length === 1 ? people[0] : people,
    });
  }
  return out;
}

function fullName(person: Json): string {
  return [nameOf(person["title"]), person["first_name"], person["last_name"]].filter(Boolean).join(" ");
}

export const NULLS_PASTORAL: Record<Kind, Step> = {
  pastoral: (p) => ({ ...p, review_date: null, created_by: null }),
  studentPastoral: (p) => ({ ...p, review_date: null, created_by: null }),
  category: (c) => ({ ...c, sections: null, deleted_at: null }),
  severity: (s) => ({ ...s, color: null }),
};
