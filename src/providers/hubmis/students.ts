/**
 * Pupils: the filtered, paged list and one pupil's record with its sensitive parts only when granted. The
 * list's filters (enrolment status, group, search) are documented, but what comes back is checked against
 * them all the same, by what each pupil record carries.
 */
import type { CallContext, ListStudentsQuery, Page, Student, StudentDetail } from "../../domain/index.js";
import { WITHHELD } from "../../domain/index.js";
import { UserInputError } from "../../errors.js";
import type { Clock } from "../../time/clock.js";
import type { BackgroundWork } from "../../upstream/index.js";
import { readEach } from "../common/trust.js";
import type { Absentees } from "./absentees.js";
import type { Query } from "./api.js";
import { fingerprint } from "./cursor.js";
import { ENROLMENT_STATUS, PATHS, PROVIDER, Q } from "./endpoints.js";
import { type GroupIndex, isoDay, personName } from "./map.js";
import { mapContact, mapStudent } from "./map-people.js";
import { listPage, type PageDeps } from "./paging.js";
import { profileCache } from "./projection.js";
import { refIs, searchMatches, unlessContradicted } from "./recheck.js";
import { type GroupRef, type ReferenceData, resolveGroup } from "./reference.js";
import { findSet, readSets, type SetRef } from "./sets.js";
import { clampLimit } from "./staff.js";
import { listItems, parseOne, refName } from "./wire.js";
import {
  ContactRelationWire,
  DoctorWire,
  EnrolmentWire,
  LearningSupportWire,
  StudentWire,
} from "./wire-people.js";

export interface StudentDeps extends PageDeps {
  reference: ReferenceData;
  /** "Today" is the London date of this clock's now. */
  clock: Clock;
  /** Where a budget-bound question goes on after its partial answer (registers per pupil). */
  background?: BackgroundWork<unknown>;
  /** Who registers read so far showed absent, so a group's registers ask for them first (absentees.ts). */
  absentees?: Absentees;
}

const NO_MEMBERS =
  "HUBmis keeps no pupil list for a department or a section: a department has staff and subjects (list_groups shows them); a section's pupils are those of its year groups, so ask by yearGroup.";

const FILTER_FOR: Record<GroupRef["kind"], string> = {
  form: "form",
  tutor_group: "tutorGroup",
  year_group: "yearGroup",
  house: "house",
};

/** HUBmis's enrolment words, whatever form a record gives them in. */
function enrolmentOf(word: string | undefined): string | undefined {
  return word === undefined ? undefined : (ENROLMENT_STATUS[word] ?? word);
}

/** Whether a pupil record belongs to `group`, by the references it carries; undefined when it says nothing. */
export function inGroup(w: StudentWire, group: GroupRef, index: GroupIndex): boolean | undefined {
  const names = [group.name, ...group.keys];
  switch (group.kind) {
    case "form":
      return refIs(w.form, group.id, names);
    case "year_group":
      return (
        refIs(w.year_group, group.id, names) ??
        (w.form?.id === undefined
          ? undefined
          : index.form(w.form.id)?.yearGroupId === undefined
            ? undefined
            : index.form(w.form.id)?.yearGroupId === group.id)
      );
    case "tutor_group":
      return refIs(w.tutor_group, group.id, names);
    case "house": {
      const academic = refIs(w.academic_house, group.id, names);
      const boarding = refIs(w.boarding_house, group.id, names);
      return academic === true || boarding === true ? true : (academic ?? boarding);
    }
  }
}

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
  let tutorGroup: string | undefined;
  const chosen: GroupRef[] = [];
  const apply = (group: GroupRef) => {
    query[Q.filter(FILTER_FOR[group.kind])] = group.id;
    chosen.push(group);
    if (group.kind === "tutor_group") tutorGroup = group.name;
  };
  // A subject set or an activity has its own member list; other groups are filters on the pupil list.
  let members: SetRef | undefined;
  if (q.groupId) {
    if (/^(department|section):/.test(q.groupId.trim())) throw new UserInputError(NO_MEMBERS, "groupId");
    try {
      apply(resolveGroup(groups, q.groupId, "groupId"));
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      const sets = await readSets(deps, groups.index, ctx);
      members = findSet(sets, q.groupId);
      if (!members) {
        const names = sets.refs.map((r) => r.name).join(", ");
        throw new UserInputError(
          `${error.message}${names ? ` Subject sets and activities: ${names}.` : ""}`,
          "groupId",
        );
      }
    }
  }
  if (q.yearGroup) apply(resolveGroup(groups, q.yearGroup, "yearGroup", ["year_group"]));
  if (q.form) apply(resolveGroup(groups, q.form, "form", ["form"]));
  if (q.tutorGroup) apply(resolveGroup(groups, q.tutorGroup, "tutorGroup", ["tutor_group"]));
  if (q.house) apply(resolveGroup(groups, q.house, "house", ["house"]));
  const search = q.search?.trim().slice(0, 200);
  if (search) query[Q.search] = search;
  // A member list is of current pupils already; the pupil list is asked for the status.
  if (!members) query[Q.filter("enrolmentStatus")] = status;
  const key = fingerprint([
    "students",
    ...(members ? [members.membersPath] : []),
    ...Object.entries(query).sort().flat(),
  ]);
  const context = {
    connection: deps.connection,
    groups: groups.index,
    ...(tutorGroup ? { tutorGroup } : {}),
  };
  return listPage(
    deps,
    {
      path: members?.membersPath ?? PATHS.students,
      query: members ? (search ? { [Q.search]: search } : {}) : query,
      what: members ? `members of ${members.name}` : "student records",
      limit: clampLimit(q.limit, 50),
      cursor: q.cursor,
      key,
      read: (raw) => {
        const parsed = StudentWire.safeParse(raw);
        return parsed.success ? parsed.data : undefined;
      },
      keep: (w, raw) =>
        unlessContradicted(
          w.enrolment_status === undefined ? undefined : enrolmentOf(w.enrolment_status) === status,
        ) &&
        chosen.every((group) => unlessContradicted(inGroup(w, group, groups.index))) &&
        searchMatches(search, raw),
    },
    ctx,
  ).then((page) => ({ ...page, items: page.items.map((w) => mapStudent(w, context)) }));
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

type Medical = NonNullable<StudentWire["medical_condition_severity"]>[number];
type Need = NonNullable<StudentWire["learning_support_record_summary"]>[number];

export async function getStudent(
  deps: StudentDeps,
  studentId: string,
  ctx: CallContext,
): Promise<StudentDetail> {
  const id = studentIdOf(studentId);
  const sensitive = ctx.scopes.has("sensitive:read");
  const record = `student with id ${id}`;
  // The profile holds medical and learning-support summaries: without sensitive:read it is read (and cached)
  // without them; with it, whole and cached only where sensitive data may be.
  const profile = deps.api.getOr404(PATHS.student(id), {}, profileCache(ctx), ctx, record);
  const enrolment = deps.api.getOr404(PATHS.studentEnrolment(id), {}, { kind: "directory" }, ctx, record);
  const contacts = deps.api.getOr404(PATHS.studentContacts(id), {}, { kind: "directory" }, ctx, record);
  const support = sensitive
    ? deps.api.getOr404(PATHS.studentLearningSupport(id), {}, { kind: "sensitive" }, ctx, record)
    : undefined;
  const doctor = sensitive
    ? deps.api.getOr404(PATHS.studentDoctor(id), {}, { kind: "sensitive" }, ctx, record)
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
  const detail: StudentDetail = mapStudent(wire, { connection: deps.connection, groups: groups.index });
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
  const what = "contacts";
  detail.contacts = readEach(
    listItems(contactData, what),
    (raw) => {
      const parsed = ContactRelationWire.safeParse(raw);
      return parsed.success ? mapContact(parsed.data) : undefined;
    },
    what,
    ctx,
    PROVIDER,
  ).sort((a, b) => (a.priority ?? 99) - (b.priority ?? 99));
  if (!sensitive) {
    detail.medical = WITHHELD;
    detail.learningSupport = WITHHELD;
    detail.doctor = WITHHELD;
    detail.withheld = ["medical", "learningSupport", "doctor"];
    return detail;
  }
  // An entry whose condition or need cannot be read is counted, never shown as "unspecified".
  detail.medical = readEach(
    wire.medical_condition_severity ?? [],
    (raw) => {
      const m = raw as Medical;
      const condition = refName(m.medical_condition);
      if (!condition) return undefined;
      const severity = refName(m.severity);
      return { condition, ...(severity ? { severity } : {}) };
    },
    "medical conditions",
    ctx,
    PROVIDER,
  );
  const ls = parseOne(supportData, LearningSupportWire, "the learning support record");
  const needs = readEach(
    wire.learning_support_record_summary ?? [],
    (raw) => {
      const r = raw as Need;
      const type = refName(r.learning_support_type);
      if (!type) return undefined;
      const severity = refName(r.severity);
      return {
        type,
        ...(severity ? { severity } : {}),
        ...(typeof r.ehcp === "boolean" ? { ehcp: r.ehcp } : {}),
      };
    },
    "learning support needs",
    ctx,
    PROVIDER,
  );
  detail.learningSupport = {
    needs,
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
