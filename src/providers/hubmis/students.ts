/** Pupils: the filtered, paged list and one pupil's record with its sensitive parts only when granted. */
import type { CallContext, ListStudentsQuery, Page, Student, StudentDetail } from "../../domain/index.js";
import { WITHHELD } from "../../domain/index.js";
import { UserInputError } from "../../errors.js";
import type { Clock } from "../../time/clock.js";
import type { Query } from "./api.js";
import { fingerprint } from "./cursor.js";
import { ENROLMENT_STATUS, PATHS, Q } from "./endpoints.js";
import { isoDay, mapContact, mapStudent, personName } from "./map.js";
import { type GroupRef, type ReferenceData, resolveGroup, yearOfForm } from "./reference.js";
import {
  ContactRelationWire,
  DoctorWire,
  EnrolmentWire,
  LearningSupportWire,
  parseList,
  parseOne,
  refName,
  StudentWire,
} from "./schemas.js";
import { clampLimit, collectPages, type PageDeps } from "./staff.js";

export interface StudentDeps extends PageDeps {
  reference: ReferenceData;
  /** "Today" is the London date of this clock's now. */
  clock: Clock;
}

const FILTER_FOR: Record<GroupRef["kind"], string> = {
  form: "form",
  tutor_group: "tutorGroup",
  year_group: "yearGroup",
  house: "house",
};

export async function listStudents(
  deps: StudentDeps,
  q: ListStudentsQuery,
  ctx: CallContext,
): Promise<Page<Student>> {
  const groups = await deps.reference.groups(ctx);
  const query: Query = {};
  const status =
    q.enrolmentStatus === undefined ? "current" : ENROLMENT_STATUS[q.enrolmentStatus.toLowerCase()];
  if (!status) {
    throw new UserInputError(
      `enrolmentStatus "${q.enrolmentStatus?.slice(0, 30)}" is not one of enrolled, left, applicant`,
      "enrolmentStatus",
    );
  }
  query[Q.filter("enrolmentStatus")] = status;
  let tutorGroup: string | undefined;
  const apply = (group: GroupRef) => {
    query[Q.filter(FILTER_FOR[group.kind])] = group.id;
    if (group.kind === "tutor_group") tutorGroup = group.name;
  };
  if (q.groupId) apply(resolveGroup(groups, q.groupId, "groupId"));
  if (q.yearGroup) apply(resolveGroup(groups, q.yearGroup, "yearGroup", ["year_group"]));
  if (q.form) apply(resolveGroup(groups, q.form, "form", ["form"]));
  if (q.tutorGroup) apply(resolveGroup(groups, q.tutorGroup, "tutorGroup", ["tutor_group"]));
  if (q.house) apply(resolveGroup(groups, q.house, "house", ["house"]));
  const search = q.search?.trim();
  if (search) query[Q.search] = search.slice(0, 200);
  const key = fingerprint(["students", ...Object.entries(query).sort().flat()]);
  const context = {
    connection: deps.connection,
    yearOfForm: yearOfForm(groups),
    ...(tutorGroup ? { tutorGroup } : {}),
  };
  return collectPages(
    deps,
    PATHS.students,
    query,
    { limit: clampLimit(q.limit, 50), cursor: q.cursor, key },
    (data) => parseList(data, StudentWire, "the student list", deps.logger),
    (w) => mapStudent(w, context),
    ctx,
  );
}

/** A HUBmis student id; anything else is refused before a request is spent. */
export function studentIdOf(studentId: string): string {
  const id = String(studentId).trim();
  if (!/^\d{1,12}$/.test(id)) {
    throw new UserInputError(
      "studentId must be a HUBmis student id (digits); find it with list_students",
      "studentId",
    );
  }
  return id;
}

export async function getStudent(
  deps: StudentDeps,
  studentId: string,
  ctx: CallContext,
): Promise<StudentDetail> {
  const id = studentIdOf(studentId);
  const sensitive = ctx.scopes.has("sensitive:read");
  const what = `student with id ${id}`;
  // The profile holds medical and learning-support summaries, so it is cached only where sensitive data may be.
  const profile = deps.api.getOr404(PATHS.student(id), {}, { kind: "sensitive" }, ctx, what);
  const enrolment = deps.api.getOr404(PATHS.studentEnrolment(id), {}, { kind: "directory" }, ctx, what);
  const contacts = deps.api.getOr404(PATHS.studentContacts(id), {}, { kind: "directory" }, ctx, what);
  const support = sensitive
    ? deps.api.getOr404(PATHS.studentLearningSupport(id), {}, { kind: "sensitive" }, ctx, what)
    : undefined;
  const doctor = sensitive
    ? deps.api.getOr404(PATHS.studentDoctor(id), {}, { kind: "sensitive" }, ctx, what)
    : undefined;
  const [profileData, enrolmentData, contactData, supportData, doctorData, groups] = await Promise.all([
    profile,
    enrolment,
    contacts,
    support,
    doctor,
    deps.reference.groups(ctx),
  ]);
  const wire = parseOne(profileData, StudentWire, "the student record");
  const detail: StudentDetail = mapStudent(wire, {
    connection: deps.connection,
    yearOfForm: yearOfForm(groups),
  });
  const gender = refName(wire.gender);
  if (gender) detail.gender = gender;
  const e = parseOne(enrolmentData, EnrolmentWire, "the enrolment record");
  const admissionDate = isoDay(e.start_date);
  const leavingDate = isoDay(e.leaving_date);
  if (admissionDate || leavingDate) {
    detail.enrolment = {
      ...(admissionDate ? { admissionDate } : {}),
      ...(leavingDate ? { leavingDate } : {}),
    };
  }
  detail.contacts = parseList(contactData, ContactRelationWire, "the student's contacts", deps.logger)
    .map(mapContact)
    .filter((c) => c !== undefined)
    .sort((a, b) => (a.priority ?? 99) - (b.priority ?? 99));
  if (!sensitive) {
    detail.medical = WITHHELD;
    detail.learningSupport = WITHHELD;
    detail.doctor = WITHHELD;
    detail.withheld = ["medical", "learningSupport", "doctor"];
    return detail;
  }
  detail.medical = (wire.medical_condition_severity ?? []).map((m) => ({
    condition: refName(m.medical_condition) ?? "unspecified",
    ...(refName(m.severity) ? { severity: refName(m.severity) } : {}),
  }));
  const ls = parseOne(supportData, LearningSupportWire, "the learning support record");
  detail.learningSupport = {
    needs: (wire.learning_support_record_summary ?? []).map((r) => ({
      type: refName(r.learning_support_type) ?? "unspecified",
      ...(refName(r.severity) ? { severity: refName(r.severity) } : {}),
      ...(typeof r.ehcp === "boolean" ? { ehcp: r.ehcp } : {}),
    })),
    ...(refName(ls.authority) ? { authority: refName(ls.authority) } : {}),
    ...(typeof ls.disability === "boolean" ? { disability: ls.disability } : {}),
    ...(ls.disability_description ? { disabilityDescription: ls.disability_description } : {}),
    ...(isoDay(ls.placement_date) ? { placementDate: isoDay(ls.placement_date) } : {}),
  };
  const d = parseOne(doctorData, DoctorWire, "the doctor record");
  const doctorName = personName(d);
  detail.doctor = doctorName
    ? {
        name: doctorName,
        ...(d.phone ? { phone: d.phone } : {}),
        ...(d.address ? { address: d.address } : {}),
      }
    : null;
  return detail;
}
