/** HUBmis variant forms of people: students, a student's profile, their contacts and staff. */
import { isJson, type Json, nameOf, type Step } from "./variants-json.js";

/** The record types whose forms are here. */
type Kind = "student" | "profile" | "contact" | "staff";

export const ALT_PEOPLE: Record<Kind, Step> = {
  student(s, { index }) {
    const { form, academic_house, gender, ...rest } = s;
    const out: Json = { ...rest, id: String(s["id"]), gender: isJson(gender) ? gender["name"] : gender };
    if (index % 2 === 0) {
      out["form"] = isJson(form) ? { id: form["id"] } : form;
      out["academic_house"] = isJson(academic_house)
        ? { id: academic_house["id"], name: academic_house["name"] }
        : academic_house;
    } else {
      out["form_id"] = isJson(form) ? form["id"] : null;
      out["academic_house_id"] = isJson(academic_house) ? String(academic_house["id"]) : null;
    }
    return out;
  },
  profile(p, place) {
    const out = ALT_PEOPLE.student(p, { ...place, index: 0 });
    const medical = p["medical_condition_severity"];
    const support = p["learning_support_record_summary"];
    return {
      ...out,
      medical_condition_severity: Array.isArray(medical)
        ? medical.map((m: Json) => ({
            condition: nameOf(m["medical_condition"]),
            severity: nameOf(m["severity"]),
          }))
        : medical,
      learning_support_record_summary: Array.isArray(support)
        ? support.map((r: Json) => ({
            type: r["learning_support_type"],
            severity: nameOf(r["severity"]),
            ehcp: r["ehcp"] ? 1 : 0,
          }))
        : support,
    };
  },
  contact(c) {
    const { contact, relationship, priority, lives_with_student, ...rest } = c;
    const person = isJson(contact) ? contact : {};
    return {
      ...rest,
      contact_id: person["id"],
      title: nameOf(person["title"]),
      first_name: person["first_name"],
      last_name: person["last_name"],
      email: person["primary_email"],
      phone: person["primary_phone"],
      relationship: nameOf(relationship),
      priority: String(priority),
      lives_with_student: lives_with_student ? 1 : 0,
    };
  },
  staff(s) {
    const rooms = s["rooms"];
    return {
      ...s,
      id: String(s["id"]),
      title: nameOf(s["title"]),
      rooms: Array.isArray(rooms) ? rooms.map((r: Json) => ({ id: r["id"], name: r["room_code"] })) : rooms,
    };
  },
};

export const NULLS_PEOPLE: Record<Kind, Step> = {
  student: (s) => ({ ...s, middle_name: null, external_id: null, primary_email: null, boarding_house: null }),
  profile: (p) => ({ ...NULLS_PEOPLE.student(p, { index: 0, params: {} }), last_login: null, tags: null }),
  contact: (c) => ({ ...c, parental_responsibility: null }),
  staff: (s) => ({ ...s, middle_name: null, preferred_name: null, email: null, departments: null }),
};
