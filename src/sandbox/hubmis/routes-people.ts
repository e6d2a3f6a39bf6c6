import type { Contact, Staff, Student } from "./model.js";
import { matchesSearch, pageOf, parseQuery, type QuerySpec } from "./query.js";
import { found, type Route, type RouteContext, route } from "./router.js";
import { staffView, studentProfile, studentSummary, titleRef } from "./views.js";

/** Students (profile and sub-resources), staff and contacts. */

const STUDENT_LIST: QuerySpec = {
  paged: true,
  search: true,
  sort: ["id", "firstName", "lastName", "dateOfBirth"],
  filters: {
    enrolmentStatus: { kind: "enum", values: ["current", "past", "applicant"] },
    yearGroup: { kind: "id" },
    form: { kind: "id" },
    house: { kind: "id" },
    tutorGroup: { kind: "id" },
    gender: { kind: "id" },
    academicYear: { kind: "id" },
    boardingType: { kind: "id" },
  },
};

const GENDER_IDS: Record<string, number> = { Female: 1, Male: 2 };

function studentSortValue(s: Student, field: string): string | number {
  if (field === "firstName") return s.firstName;
  if (field === "lastName") return s.lastName;
  if (field === "dateOfBirth") return s.dateOfBirth;
  return s.id;
}

function listStudents(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, STUDENT_LIST);
  const f = q.filters;
  const year = (f["academicYear"] as number | undefined) ?? ctx.academicYearId;
  if (!ctx.store.isCurrentYear(year)) return [];
  const items = ctx.store.data.students.filter(
    (s) =>
      (f["enrolmentStatus"] === undefined || s.enrolmentStatus === f["enrolmentStatus"]) &&
      (f["yearGroup"] === undefined || s.yearGroupId === f["yearGroup"]) &&
      (f["form"] === undefined || s.formId === f["form"]) &&
      (f["house"] === undefined || s.houseId === f["house"]) &&
      (f["tutorGroup"] === undefined || s.tutorGroupId === f["tutorGroup"]) &&
      (f["gender"] === undefined || GENDER_IDS[s.gender] === f["gender"]) &&
      (f["boardingType"] === undefined || f["boardingType"] === 1) &&
      matchesSearch(q.search, s.firstName, s.middleName, s.lastName, s.preferredName, s.externalId),
  );
  return pageOf(items, q, studentSortValue, true).map((s) => studentSummary(ctx.store, s));
}

const student = (ctx: RouteContext) => found(ctx.store.students, ctx.params["id"], "Student");

function enrolment(ctx: RouteContext): unknown {
  const s = student(ctx);
  return {
    enrolment_status: s.enrolmentStatus,
    start_date: s.startDate,
    account_reference: `AR${s.id}`,
    candidate_number: s.candidateNumber,
    unique_pupil_number: s.upn,
    unique_pupil_number_status: "permanent",
  };
}

function destination(ctx: RouteContext): unknown {
  const s = student(ctx);
  const left = s.enrolmentStatus === "past";
  return {
    leaving_status: left ? "Leaver" : null,
    leaving_date: s.leavingDate,
    term: null,
    academic_year: null,
    destination_start_date: null,
    destination: left ? { id: 1, name: "Sixth form college" } : null,
    key_stage: left ? "KS5" : null,
  };
}

function consent(ctx: RouteContext): unknown {
  const s = student(ctx);
  const yes = s.id % 7 !== 0;
  return {
    photograph: yes,
    publish_photograph: yes,
    publish_video: yes,
    share_photograph: yes,
    share_video: yes,
    share_data: true,
    school_trip: true,
  };
}

function doctor(ctx: RouteContext): unknown {
  const { doctor: d } = student(ctx);
  return {
    title: titleRef(d.title),
    first_name: d.firstName,
    last_name: d.lastName,
    email: null,
    phone: d.phone,
    address: d.address,
  };
}

function learningSupport(ctx: RouteContext): unknown {
  const ls = student(ctx).learningSupport;
  return {
    authority: ls ? { id: 1, name: ls.authority } : null,
    authority_type: ls ? { id: 1, name: "Local authority" } : null,
    disability: ls !== null && ls.severity === "Significant",
    disability_description: ls ? ls.need : null,
    placement_date: ls ? ls.placementDate : null,
  };
}

function contactSummary(c: Contact): Record<string, unknown> {
  return {
    id: c.id,
    title: titleRef(c.title),
    first_name: c.firstName,
    last_name: c.lastName,
    primary_email: c.email,
    primary_phone: c.phone,
  };
}

function studentContacts(ctx: RouteContext): unknown {
  const s = student(ctx);
  return (ctx.store.contactsByStudent.get(s.id) ?? []).map((rel) => {
    const contact = ctx.store.contacts.get(rel.contactId);
    return {
      id: rel.id,
      contact: contact ? contactSummary(contact) : null,
      relationship: { id: rel.relationship.length, name: rel.relationship },
      priority: rel.priority,
      lives_with_student: rel.livesWithStudent,
      parental_responsibility: rel.parentalResponsibility,
    };
  });
}

function emailAddresses(ctx: RouteContext): unknown {
  const s = student(ctx);
  return [{ id: s.id * 10, email: s.email, type: { id: 1, name: "School" }, is_primary: true }];
}

const STAFF_LIST: QuerySpec = {
  paged: true,
  search: true,
  sort: ["id", "firstName", "lastName"],
  filters: {
    status: { kind: "enum", values: ["current", "past"] },
    subject: { kind: "id" },
    form: { kind: "id" },
    tutorGroup: { kind: "id" },
    yearGroup: { kind: "id" },
    gender: { kind: "id" },
  },
};

function listStaff(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, STAFF_LIST);
  const f = q.filters;
  const { forms, tutorGroups, yearGroups } = ctx.store.data;
  const items = ctx.store.data.staff.filter(
    (s: Staff) =>
      (f["status"] === undefined || s.status === f["status"]) &&
      (f["subject"] === undefined || s.subjectIds.includes(f["subject"] as number)) &&
      (f["form"] === undefined || forms.some((x) => x.id === f["form"] && x.tutorStaffId === s.id)) &&
      (f["tutorGroup"] === undefined ||
        tutorGroups.some((x) => x.id === f["tutorGroup"] && x.staffId === s.id)) &&
      (f["yearGroup"] === undefined ||
        yearGroups.some((y) => y.id === f["yearGroup"] && y.headStaffId === s.id) ||
        forms.some((x) => x.yearGroupId === f["yearGroup"] && x.tutorStaffId === s.id)) &&
      (f["gender"] === undefined || GENDER_IDS[s.gender] === f["gender"]) &&
      matchesSearch(q.search, s.title, s.firstName, s.lastName, s.jobTitle),
  );
  const sortValue = (s: Staff, field: string) =>
    field === "firstName" ? s.firstName : field === "lastName" ? s.lastName : s.id;
  return pageOf(items, q, sortValue, true).map((s) => staffView(ctx.store, s));
}

const CONTACT_LIST: QuerySpec = {
  paged: true,
  search: true,
  filters: { status: { kind: "enum", values: ["active", "inactive"] } },
};

function listContacts(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, CONTACT_LIST);
  const items = ctx.store.data.contacts.filter(
    (c) =>
      (q.filters["status"] === undefined || c.status === q.filters["status"]) &&
      matchesSearch(q.search, c.firstName, c.lastName, c.email),
  );
  return pageOf(items, q, (c) => c.id, true).map(contactSummary);
}

function contact(ctx: RouteContext): unknown {
  const c = found(ctx.store.contacts, ctx.params["id"], "Contact");
  const students = ctx.store.data.studentContacts
    .filter((rel) => rel.contactId === c.id)
    .map((rel) => ctx.store.students.get(rel.studentId))
    .filter((s): s is Student => s !== undefined);
  return {
    ...contactSummary(c),
    access_status: "no_access",
    multi_realm: false,
    students_access: [],
    deleted_at: null,
    external_id: null,
    middle_name: null,
    profile_image: null,
    status: c.status,
    students: students.map((s) => ({ id: s.id, first_name: s.firstName, last_name: s.lastName })),
  };
}

export const PEOPLE_ROUTES: Route[] = [
  route("students", listStudents),
  route("students/:id", (ctx) => studentProfile(ctx.store, student(ctx))),
  route("students/:id/enrolment", enrolment),
  route("students/:id/consent", consent),
  route("students/:id/destination", destination),
  route("students/:id/doctor", doctor),
  route("students/:id/learning-support", learningSupport),
  route("students/:id/contacts", studentContacts),
  route("students/:id/email-addresses", emailAddresses),
  route("staff", listStaff),
  route("staff/:id", (ctx) => staffView(ctx.store, found(ctx.store.staff, ctx.params["id"], "Staff member"))),
  route("contacts", listContacts),
  route("contacts/:id", contact),
];
