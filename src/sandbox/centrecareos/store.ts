import type { Clock } from "../../time/clock.js";
import { localToday } from "../../time/local.js";
import {
  type AttendanceRecord,
  ENROLLMENT_STATUSES,
  type EnrollmentStatus,
  type Nursery,
  type Payment,
  type Room,
  type StaffMember,
  type Student,
  type Thread,
} from "./model.js";
import { notFound, validation } from "./reply.js";
import { hasHappened, TIME_ZONE, utcStamp } from "./time.js";
import { isValidDate, objectBody, onlyFields, text } from "./validate.js";

const STUDENT_FIELDS = [
  "firstName",
  "lastName",
  "dateOfBirth",
  "roomId",
  "enrollmentStatus",
  "gender",
  "startDate",
];

/** The sequence number in an id such as msg_9012, for ordering what was written later. */
export const sequence = (id: string) => Number(/\d+$/.exec(id)?.[0] ?? 0);

/**
 * The nursery's live state: what the generator scheduled plus every write since. Reads see writes at once.
 * The clock is the one the limits run on and the connectors read "today" from: writes are stamped with it,
 * and the views below serve only what has happened by its now, so today ends at now however the clock was
 * set and as it runs on (across midnight too). `data` holds the whole schedule, the future included.
 */
export class NurseryStore {
  private nextStudent: number;
  private nextFamily = 1;

  constructor(
    readonly data: Nursery,
    readonly clock: Clock,
  ) {
    this.nextStudent = 1001 + data.students.length;
  }

  /** The nursery's local date by the clock (Europe/London). */
  today(): string {
    return localToday(this.clock, TIME_ZONE);
  }

  stamp(): string {
    return utcStamp(this.clock.now());
  }

  /**
   * A visit as it stands now: absent before its check-in, still open before its check-out. A copy, so the
   * schedule behind it is untouched.
   */
  visit(record: AttendanceRecord, now = this.clock.now()): AttendanceRecord | undefined {
    if (record.checkInAt !== null && !hasHappened(record.checkInAt, now)) return undefined;
    if (record.checkOutAt === null || hasHappened(record.checkOutAt, now)) return { ...record };
    return { ...record, checkOutAt: null, checkedOutBy: null };
  }

  /** Visits (of the given records, all by default) as they stand now. */
  attendance(records: readonly AttendanceRecord[] = this.data.attendance): AttendanceRecord[] {
    const now = this.clock.now();
    return records.flatMap((record) => this.visit(record, now) ?? []);
  }

  /**
   * Threads with the messages sent by now, newest activity first; a thread whose first message is still to
   * come is not there yet. Equal times (whole seconds) go to the message written later.
   */
  threads(): Thread[] {
    const now = this.clock.now();
    const shown = this.data.threads.flatMap((thread) => {
      const messages = thread.messages.filter((m) => hasHappened(m.sentAt, now));
      const last = messages.at(-1);
      return last ? [{ ...thread, messages, lastMessageAt: last.sentAt }] : [];
    });
    const latest = (t: Thread) => sequence(t.messages.at(-1)?.id ?? "");
    return shown.sort(
      (a, b) =>
        Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt) ||
        latest(b) - latest(a) ||
        a.id.localeCompare(b.id),
    );
  }

  /** Payments made by now. */
  payments(): Payment[] {
    const now = this.clock.now();
    return this.data.payments.filter((p) => hasHappened(p.paidAt, now));
  }

  student(id: string): Student {
    const found = this.data.students.find((s) => s.id === id);
    if (!found) throw notFound("Student", id);
    return found;
  }

  room(id: string): Room {
    const found = this.data.rooms.find((r) => r.id === id);
    if (!found) throw notFound("Room", id);
    return found;
  }

  staffMember(id: string): StaffMember {
    const found = this.data.staff.find((s) => s.id === id);
    if (!found) throw notFound("Staff member", id);
    return found;
  }

  listStudents(query: URLSearchParams): Student[] {
    const roomId = query.get("roomId");
    const status = query.get("enrollmentStatus") ?? query.get("status");
    if (status && !ENROLLMENT_STATUSES.includes(status as EnrollmentStatus)) {
      throw validation(`enrollmentStatus must be one of ${ENROLLMENT_STATUSES.join(", ")}`);
    }
    const search = query.get("search")?.trim().toLowerCase();
    return this.data.students.filter(
      (s) =>
        (!roomId || s.roomId === roomId) &&
        (!status || s.enrollmentStatus === status) &&
        (!search || `${s.firstName} ${s.lastName}`.toLowerCase().includes(search)),
    );
  }

  listStaff(query: URLSearchParams): StaffMember[] {
    const roomId = query.get("roomId");
    return this.data.staff.filter((s) => !roomId || s.roomIds.includes(roomId));
  }

  createStudent(body: unknown): Student {
    const fields = this.studentFields(body, true);
    const stamp = this.stamp();
    const student: Student = {
      id: `stu_${this.nextStudent++}`,
      firstName: fields.firstName ?? "",
      lastName: fields.lastName ?? "",
      dateOfBirth: fields.dateOfBirth ?? "",
      gender: fields.gender ?? "unspecified",
      roomId: fields.roomId ?? null,
      enrollmentStatus: fields.enrollmentStatus ?? "pending",
      startDate: fields.startDate ?? this.today(),
      familyId: `fam_new_${this.nextFamily++}`,
      parents: [],
      allergies: [],
      medicalNotes: null,
      createdAt: stamp,
      updatedAt: stamp,
    };
    this.data.students.push(student);
    return student;
  }

  /** PATCH changes the fields sent; PUT replaces the writable fields, so it needs the required ones. */
  updateStudent(id: string, body: unknown, replace: boolean): Student {
    const student = this.student(id);
    const fields = this.studentFields(body, replace);
    if (Object.keys(fields).length === 0) throw validation("Send at least one field to update");
    Object.assign(student, fields, { updatedAt: this.stamp() });
    return student;
  }

  private studentFields(raw: unknown, requireAll: boolean): Partial<Student> {
    const body = objectBody(raw);
    onlyFields(body, STUDENT_FIELDS);
    const out: Partial<Student> = {};
    const firstName = text(body, "firstName", { required: requireAll, max: 100 });
    const lastName = text(body, "lastName", { required: requireAll, max: 100 });
    if (firstName !== undefined) {
      if (firstName === "") throw validation("firstName must not be empty");
      out.firstName = firstName;
    }
    if (lastName !== undefined) {
      if (lastName === "") throw validation("lastName must not be empty");
      out.lastName = lastName;
    }
    const dob = text(body, "dateOfBirth", { required: requireAll, max: 10 });
    if (dob !== undefined) {
      if (!isValidDate(dob)) throw validation("dateOfBirth must be a date as YYYY-MM-DD");
      if (dob > this.today()) throw validation("dateOfBirth must not be in the future");
      out.dateOfBirth = dob;
    }
    const startDate = text(body, "startDate", { max: 10 });
    if (startDate !== undefined) {
      if (!isValidDate(startDate)) throw validation("startDate must be a date as YYYY-MM-DD");
      out.startDate = startDate;
    }
    if (body["roomId"] === null) out.roomId = null;
    else {
      const roomId = text(body, "roomId", { max: 64 });
      if (roomId !== undefined) {
        if (!this.data.rooms.some((r) => r.id === roomId)) {
          throw validation(`roomId does not match a room: ${roomId}`);
        }
        out.roomId = roomId;
      }
    }
    const status = text(body, "enrollmentStatus", { max: 20 });
    if (status !== undefined) {
      if (!ENROLLMENT_STATUSES.includes(status as EnrollmentStatus)) {
        throw validation(`enrollmentStatus must be one of ${ENROLLMENT_STATUSES.join(", ")}`);
      }
      out.enrollmentStatus = status as EnrollmentStatus;
    }
    const gender = text(body, "gender", { max: 30 });
    if (gender !== undefined) out.gender = gender;
    return out;
  }
}
