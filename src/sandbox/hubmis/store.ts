import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { zonedEpoch } from "../../time/local.js";
import { CURRENT_YEAR_ID } from "./calendar.js";
import { REGISTER_TIMES } from "./data-attendance.js";
import type {
  Activity,
  AttendanceMark,
  Contact,
  Form,
  House,
  HubmisDataset,
  PastoralRecord,
  Room,
  Staff,
  Student,
  StudentContact,
  Subject,
  SubjectSet,
  TimetableSlot,
  TutorGroup,
  YearGroup,
} from "./model.js";
import type { AttendanceCode } from "./reference.js";

/**
 * The dataset with the indexes the routes need, built once at start. Read-only: the API offers no writes.
 * The dataset runs a few days ahead of the clock; what a route may show is what is dated no later than now.
 */
export class HubmisStore {
  readonly students = new Map<number, Student>();
  readonly staff = new Map<number, Staff>();
  readonly contacts = new Map<number, Contact>();
  readonly forms = new Map<number, Form>();
  readonly tutorGroups = new Map<number, TutorGroup>();
  readonly yearGroups = new Map<number, YearGroup>();
  readonly houses = new Map<number, House>();
  readonly rooms = new Map<number, Room>();
  readonly subjects = new Map<number, Subject>();
  readonly subjectSets = new Map<number, SubjectSet>();
  readonly activities = new Map<number, Activity>();
  readonly codes = new Map<number, AttendanceCode>();
  readonly pastoral = new Map<number, PastoralRecord>();
  readonly attendanceByStudent = new Map<number, AttendanceMark[]>();
  readonly contactsByStudent = new Map<number, StudentContact[]>();
  readonly slotsByForm = new Map<number, TimetableSlot[]>();
  readonly slotsByStaff = new Map<number, TimetableSlot[]>();
  private readonly sessionTimes = new Map<string, number>();

  constructor(readonly data: HubmisDataset) {
    index(this.students, data.students);
    index(this.staff, data.staff);
    index(this.contacts, data.contacts);
    index(this.forms, data.forms);
    index(this.tutorGroups, data.tutorGroups);
    index(this.yearGroups, data.yearGroups);
    index(this.houses, data.houses);
    index(this.rooms, data.rooms);
    index(this.subjects, data.subjects);
    index(this.subjectSets, data.subjectSets);
    index(this.activities, data.activities);
    index(this.codes, data.attendanceCodes);
    index(this.pastoral, data.pastoral);
    group(this.attendanceByStudent, data.attendance, (m) => m.studentId);
    group(this.contactsByStudent, data.studentContacts, (c) => c.studentId);
    group(this.slotsByForm, data.timetable, (s) => s.formId);
    for (const slot of data.timetable) {
      if (slot.staffId === null) continue;
      const list = this.slotsByStaff.get(slot.staffId) ?? [];
      list.push(slot);
      this.slotsByStaff.set(slot.staffId, list);
    }
  }

  /** When a mark's register was taken (epoch ms): the mark exists from then on. */
  markedAt(mark: AttendanceMark): number {
    const key = `${mark.date}${mark.session}`;
    let at = this.sessionTimes.get(key);
    if (at === undefined) {
      at = zonedEpoch(mark.date, REGISTER_TIMES[mark.session], TIME_ZONE);
      this.sessionTimes.set(key, at);
    }
    return at;
  }

  /** A pupil's marks whose registers have been taken by `now`. */
  attendanceAt(studentId: number, now: number): AttendanceMark[] {
    return (this.attendanceByStudent.get(studentId) ?? []).filter((m) => this.markedAt(m) <= now);
  }

  /** Pastoral records dated no later than `now`. */
  pastoralAt(now: number): PastoralRecord[] {
    return this.data.pastoral.filter((p) => Date.parse(p.dateTime) <= now);
  }

  /** Year-scoped data exists for the current academic year only; an earlier year answers with nothing. */
  isCurrentYear(academicYearId: number): boolean {
    return academicYearId === CURRENT_YEAR_ID;
  }

  knownYear(academicYearId: number): boolean {
    return this.data.calendar.academicYears.some((y) => y.id === academicYearId);
  }

  memberCount(predicate: (s: Student) => boolean): number {
    let count = 0;
    for (const student of this.data.students)
      if (student.enrolmentStatus === "current" && predicate(student)) count++;
    return count;
  }
}

function index<T extends { id: number }>(map: Map<number, T>, items: readonly T[]): void {
  for (const item of items) map.set(item.id, item);
}

function group<T>(map: Map<number, T[]>, items: readonly T[], key: (item: T) => number): void {
  for (const item of items) {
    const list = map.get(key(item)) ?? [];
    list.push(item);
    map.set(key(item), list);
  }
}
