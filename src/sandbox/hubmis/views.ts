import type {
  Activity,
  Form,
  House,
  PastoralRecord,
  Room,
  Staff,
  Student,
  SubjectSet,
  TimetableSlot,
  TutorGroup,
  YearGroup,
} from "./model.js";
import { PERIODS } from "./reference.js";
import type { HubmisStore } from "./store.js";

/**
 * The API's JSON: snake_case fields and nested `{id, name}` references, shaped after the reference's samples.
 * Lists carry the summary; single records the full profile (including the sensitive summaries a profile
 * holds, which a client must not pass on without the right to see them).
 */

type Json = Record<string, unknown>;

const TITLE_IDS: Record<string, number> = { Mr: 1, Mrs: 2, Ms: 3, Miss: 4, Dr: 5 };
const GENDER_IDS: Record<string, number> = { Female: 1, Male: 2 };

export const titleRef = (title: string): Json => ({ id: TITLE_IDS[title] ?? 0, name: title });
const genderRef = (gender: string): Json => ({ id: GENDER_IDS[gender] ?? 0, name: gender });

export function academicYearRef(store: HubmisStore): Json {
  const year = store.data.calendar.academicYears.find((y) => y.current);
  return { id: year?.id, name: year?.name };
}

export function staffRef(store: HubmisStore, id: number | null | undefined): Json | null {
  const staff = id === null || id === undefined ? undefined : store.staff.get(id);
  if (!staff) return null;
  return {
    id: staff.id,
    title: titleRef(staff.title),
    first_name: staff.firstName,
    last_name: staff.lastName,
  };
}

export function formRef(form: Form | undefined): Json | null {
  return form ? { id: form.id, code: form.code, name: form.name } : null;
}

export function yearGroupRef(yearGroup: YearGroup | undefined): Json | null {
  return yearGroup ? { id: yearGroup.id, code: yearGroup.code, name: yearGroup.name } : null;
}

export function studentSummary(store: HubmisStore, s: Student): Json {
  const house = s.houseId === null ? undefined : store.houses.get(s.houseId);
  return {
    id: s.id,
    external_id: s.externalId,
    person_type: "student",
    first_name: s.firstName,
    middle_name: s.middleName,
    last_name: s.lastName,
    preferred_name: s.preferredName,
    date_of_birth: s.dateOfBirth,
    gender: genderRef(s.gender),
    enrolment_status: s.enrolmentStatus,
    form: formRef(s.formId === null ? undefined : store.forms.get(s.formId)),
    academic_house: house ? { id: house.id, code: house.code, name: house.name } : null,
    boarding_type: { id: 1, name: "Day" },
    boarding_house: null,
    primary_email: s.email,
  };
}

export function studentProfile(store: HubmisStore, s: Student): Json {
  return {
    ...studentSummary(store, s),
    access_status: "invited",
    multi_realm: false,
    deleted_at: null,
    has_global_note: false,
    last_login: null,
    name_in_local_language: null,
    national_identity: null,
    nationalities: [{ id: 826, name: "British" }],
    tags: [],
    profile_image: null,
    learning_support_record_summary: s.learningSupport
      ? [
          {
            learning_support_type: { name: s.learningSupport.need },
            severity: { name: s.learningSupport.severity },
            ehcp: s.learningSupport.ehcp,
          },
        ]
      : [],
    medical_condition_severity: s.medical.map((m, i) => ({
      medical_condition: { id: 900 + i, name: m.condition },
      severity: { name: m.severity },
    })),
  };
}

export function staffView(store: HubmisStore, s: Staff): Json {
  const room = s.roomId === null ? undefined : store.rooms.get(s.roomId);
  const forms = store.data.forms.filter((f) => f.tutorStaffId === s.id);
  return {
    id: s.id,
    external_id: `ST${s.id}`,
    person_type: "staff",
    access_status: "invited",
    multi_realm: false,
    title: titleRef(s.title),
    first_name: s.firstName,
    middle_name: null,
    last_name: s.lastName,
    preferred_name: s.preferredName,
    email: s.email,
    gender: genderRef(s.gender),
    job_title: s.jobTitle,
    status: s.status,
    departments: s.department ? [{ name: s.department }] : [],
    forms: forms.map((f) => ({ id: f.id, code: f.code })),
    rooms: room ? [{ id: room.id, room_code: room.code }] : [],
    roles: [],
    sections: [],
    academic_houses: store.data.houses
      .filter((h) => h.staffIds.includes(s.id))
      .map((h) => ({ id: h.id, name: h.name })),
    boarding_houses: [],
    images: [],
    profile_image: null,
  };
}

export function formView(store: HubmisStore, f: Form): Json {
  const yearGroup = store.yearGroups.get(f.yearGroupId);
  const room = store.rooms.get(f.roomId);
  return {
    id: f.id,
    academic_year: academicYearRef(store),
    code: f.code,
    max_students: 30,
    name: f.name,
    rooms: room ? [{ id: room.id, room_code: room.code }] : [],
    short_description: `${yearGroup?.name ?? ""} form group ${f.code}`.trim(),
    staff: [staffRef(store, f.tutorStaffId)],
    staff_report_writers: [],
    student_count: store.memberCount((s) => s.formId === f.id),
    timetable_code: f.code,
    section: sectionRef(store, yearGroup?.sectionId),
    year_group: yearGroupRef(yearGroup),
    student_representatives: [],
  };
}

export function subjectSetView(store: HubmisStore, set: SubjectSet): Json {
  const yearGroup = store.yearGroups.get(set.yearGroupId);
  const subject = store.subjects.get(set.subjectId);
  return {
    id: set.id,
    academic_year: academicYearRef(store),
    code: set.code,
    max_students: 40,
    name: set.name,
    rooms: [],
    short_description: `${subject?.name ?? "Subject"} set ${set.code}`,
    staff: set.staffIds.map((id) => staffRef(store, id)),
    staff_report_writers: [],
    student_count: set.studentIds.filter((id) => store.students.get(id)?.enrolmentStatus === "current")
      .length,
    timetable_code: set.code,
    section: sectionRef(store, set.sectionId),
    subject: subject ? { id: subject.id, code: subject.code, name: subject.name } : null,
    year_group: yearGroupRef(yearGroup),
  };
}

export function activityView(store: HubmisStore, a: Activity): Json {
  return {
    id: a.id,
    academic_year: academicYearRef(store),
    code: a.code,
    max_students: 40,
    name: a.name,
    rooms: [],
    short_description: `School ${a.name}`,
    staff: a.staffIds.map((id) => staffRef(store, id)),
    staff_report_writers: [],
    student_count: a.studentIds.filter((id) => store.students.get(id)?.enrolmentStatus === "current").length,
    timetable_code: a.code,
    year_groups: a.yearGroupIds.map((id) => yearGroupRef(store.yearGroups.get(id))),
  };
}

export function tutorGroupView(store: HubmisStore, t: TutorGroup): Json {
  return {
    id: t.id,
    academic_year: academicYearRef(store),
    code: t.code,
    max_students: 40,
    name: t.name,
    rooms: [],
    short_description: t.name,
    staff: [staffRef(store, t.staffId)],
    staff_report_writers: [],
    student_count: store.memberCount((s) => s.tutorGroupId === t.id),
    timetable_code: t.code.replace(/^TG0?/, "TG"),
    section: sectionRef(store, t.sectionId),
  };
}

export function yearGroupView(store: HubmisStore, y: YearGroup): Json {
  return {
    id: y.id,
    academic_year: academicYearRef(store),
    code: y.code,
    dfe_year: String(y.year),
    final_year: y.year === 13,
    form_count: store.data.forms.filter((f) => f.yearGroupId === y.id).length,
    key_stage: y.keyStage,
    max_students: 120,
    name: y.name,
    position: y.position,
    section: sectionRef(store, y.sectionId),
    status: "active",
    total_student_count: store.memberCount((s) => s.yearGroupId === y.id),
    uuid: `00000000-0000-4000-8000-${String(y.id).padStart(12, "0")}`,
    year_group_heads: [staffRef(store, y.headStaffId)],
  };
}

function sectionRef(store: HubmisStore, id: number | undefined): Json | null {
  const section = store.data.sections.find((s) => s.id === id);
  return section ? { id: section.id, code: section.code, name: section.name } : null;
}

export function houseView(store: HubmisStore, h: House): Json {
  return {
    id: h.id,
    address: null,
    code: h.code,
    genders: [],
    house_parents: [],
    house_type: h.houseType,
    images: [],
    max_students: 200,
    name: h.name,
    note: null,
    phone: null,
    profile_image: null,
    staff: h.staffIds.map((id) => staffRef(store, id)),
    system_profile_image: h.colour,
    is_active: true,
  };
}

export function roomView(r: Room): Json {
  return {
    id: r.id,
    description: r.description,
    location: { id: 1, name: r.location },
    room_capacity: r.capacity,
    room_code: r.code,
    telephone_extension: `x${r.id}`,
    timetable_code: r.code,
  };
}

export function lessonView(store: HubmisStore, slot: TimetableSlot, date?: string): Json {
  const period = PERIODS.find((p) => p.id === slot.periodId);
  const subject = store.subjects.get(slot.subjectId);
  const room = store.rooms.get(slot.roomId);
  const base: Json = date === undefined ? { id: slot.id } : { id: `${date}-${slot.id}`, date };
  return {
    ...base,
    week: slot.week,
    day: slot.day,
    period: period ? { id: period.id, code: period.code, name: period.name } : null,
    start_time: period ? `${period.start}:00` : null,
    end_time: period ? `${period.end}:00` : null,
    subject: subject ? { id: subject.id, code: subject.code, name: subject.name } : null,
    group: { ...formRef(store.forms.get(slot.formId)), type: "form" },
    staff: slot.staffId === null ? [] : [staffRef(store, slot.staffId)],
    room: room ? { id: room.id, room_code: room.code } : null,
  };
}

export function pastoralView(store: HubmisStore, p: PastoralRecord): Json {
  const student = store.students.get(p.studentId);
  const category = store.data.pastoralCategories.find((c) => c.id === p.categoryId);
  const severity = store.data.severityLevels.find((s) => s.id === p.severityId);
  return {
    id: p.id,
    type: p.type,
    title: p.title,
    description: p.description,
    date_time: p.dateTime,
    status: p.status,
    category: category ? { id: category.id, name: category.name } : null,
    severity: severity ? { id: severity.id, name: severity.name, position: severity.position } : null,
    student: student
      ? {
          id: student.id,
          first_name: student.firstName,
          last_name: student.lastName,
          enrolment_status: student.enrolmentStatus,
          form: formRef(student.formId === null ? undefined : store.forms.get(student.formId)),
          year_group: yearGroupRef(
            student.yearGroupId === null ? undefined : store.yearGroups.get(student.yearGroupId),
          ),
        }
      : null,
    assigned_to: p.assignedStaffIds.map((id) => staffRef(store, id)),
    created_by: staffRef(store, p.createdByStaffId),
    review_date: p.reviewDate,
  };
}
