import { isoDate } from "../common/clock.js";
import {
  ENROLLMENT_STATUSES,
  type EnrollmentStatus,
  type Nursery,
  type Room,
  type StaffMember,
  type Student,
} from "./model.js";
import { notFound, validation } from "./reply.js";
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

/**
 * The nursery's live state: what the generator made plus every write since. Reads see writes at once.
 * `now` is the real calendar (writes are stamped with it), unlike the scaled clock that runs the limits.
 */
export class NurseryStore {
  private nextStudent: number;
  private nextFamily = 1;

  constructor(
    readonly data: Nursery,
    readonly now: () => Date = () => new Date(),
  ) {
    this.nextStudent = 1001 + data.students.length;
  }

  today(): string {
    return isoDate(this.now());
  }

  stamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
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
