import { addDays } from "../../time/local.js";
import { fictionalName, GIVEN_NAMES, type Random } from "../common/random.js";
import type { Structure } from "./data-structure.js";
import type { Contact, Student, StudentContact } from "./model.js";
import { LEARNING_NEEDS, MEDICAL_CONDITIONS } from "./reference.js";

/** Pupils (current, past and applicants), their contacts and the sensitive detail a school keeps. */

export interface StudentSizes {
  /** Current pupils per year group for Years 7–11 and 12–13. */
  perYear: { main: number; sixthForm: number };
  past: number;
  applicants: number;
}

export const DEFAULT_SIZES: StudentSizes = { perYear: { main: 90, sixthForm: 75 }, past: 20, applicants: 12 };

export interface People {
  students: Student[];
  contacts: Contact[];
  studentContacts: StudentContact[];
}

/** Birth dates for a year group: Year 7 in an academic year starting in `startYear` was born Sep (Y-12) – Aug (Y-11). */
function dateOfBirth(random: Random, year: number, startYear: number): string {
  return addDays(`${startYear - year - 5}-09-01`, random.int(0, 364));
}

export function buildPeople(
  random: Random,
  structure: Structure,
  startYear: number,
  today: string,
  sizes: StudentSizes = DEFAULT_SIZES,
): People {
  const names = random.fork("student-names");
  const details = random.fork("student-details");
  const sensitive = random.fork("student-sensitive");
  const students: Student[] = [];
  let nextId = 5001;

  const make = (
    year: number | null,
    status: Student["enrolmentStatus"],
    placement: { yearGroupId: number | null; formId: number | null; tutorGroupId: number | null },
  ): Student => {
    const { firstName, lastName } = fictionalName(names);
    const id = nextId++;
    const dobYear = year ?? 7;
    const joinedYearsAgo = year === null ? 0 : Math.max(0, year - (year >= 12 ? 12 : 7));
    const student: Student = {
      id,
      externalId: `OAK${String(id).padStart(6, "0")}`,
      firstName,
      middleName: details.chance(0.3) ? names.pick(GIVEN_NAMES) : null,
      lastName,
      preferredName: details.chance(0.08) ? firstName.slice(0, 3) : null,
      dateOfBirth: dateOfBirth(details, status === "applicant" ? 6 : dobYear, startYear),
      gender: details.chance(0.5) ? "Female" : "Male",
      enrolmentStatus: status,
      ...placement,
      houseId: status === "current" ? details.pick(structure.houses).id : null,
      startDate:
        status === "applicant"
          ? `${startYear + 1}-09-01`
          : `${startYear - joinedYearsAgo}-09-0${details.int(1, 6)}`,
      leavingDate: null,
      email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}${id % 100}@pupils.oakfield.example`,
      candidateNumber: String(details.int(1000, 9999)),
      upn: `Z${String(id).padStart(12, "0")}`,
      medical: [],
      learningSupport: null,
      doctor: {
        title: "Dr",
        ...fictionalName(sensitive),
        phone: `01632 960${String(sensitive.int(0, 999)).padStart(3, "0")}`,
        address: `${sensitive.int(1, 80)} Surgery Lane, Oakfield`,
      },
    };
    if (sensitive.chance(0.12)) {
      student.medical.push({
        condition: sensitive.pick(MEDICAL_CONDITIONS),
        severity: sensitive.pick(["Mild", "Moderate", "Severe"]),
      });
    }
    if (sensitive.chance(0.15)) {
      student.learningSupport = {
        need: sensitive.pick(LEARNING_NEEDS),
        severity: sensitive.pick(["Mild", "Moderate", "Significant"]),
        ehcp: sensitive.chance(0.2),
        placementDate: `${startYear - sensitive.int(0, 3)}-10-01`,
        authority: "Oakfield County Council",
      };
    }
    students.push(student);
    return student;
  };

  for (const yearGroup of structure.yearGroups) {
    const forms = structure.forms.filter((f) => f.yearGroupId === yearGroup.id);
    const tutorGroups = structure.tutorGroups.filter((t) => t.yearGroupId === yearGroup.id);
    const count = yearGroup.year >= 12 ? sizes.perYear.sixthForm : sizes.perYear.main;
    for (let i = 0; i < count; i++) {
      make(yearGroup.year, "current", {
        yearGroupId: yearGroup.id,
        formId: forms[i % forms.length]?.id ?? null,
        tutorGroupId: tutorGroups[Math.floor(i / 3) % tutorGroups.length]?.id ?? null,
      });
    }
  }
  for (let i = 0; i < sizes.past; i++) {
    const student = make(14, "past", { yearGroupId: null, formId: null, tutorGroupId: null });
    // Most leavers left at the end of last year; a few mid-year this year.
    student.leavingDate = i % 5 === 0 ? addDays(today, -7 * (i + 3)) : `${startYear}-07-15`;
  }
  for (let i = 0; i < sizes.applicants; i++) {
    make(null, "applicant", { yearGroupId: null, formId: null, tutorGroupId: null });
  }

  const { contacts, studentContacts } = buildContacts(random.fork("contacts"), students);
  return { students, contacts, studentContacts };
}

function buildContacts(random: Random, students: Student[]): Omit<People, "students"> {
  const contacts: Contact[] = [];
  const studentContacts: StudentContact[] = [];
  let nextContactId = 8001;
  let nextRelationId = 9001;
  for (const student of students) {
    const count = random.chance(0.75) ? 2 : 1;
    for (let priority = 1; priority <= count; priority++) {
      const relationship =
        priority === 1
          ? random.pick(["Mother", "Father", "Guardian"])
          : random.pick(["Father", "Mother", "Grandparent"]);
      const female = relationship === "Mother" || (relationship !== "Father" && random.chance(0.5));
      const { firstName, lastName: otherSurname } = fictionalName(random);
      const lastName = random.chance(0.8) ? student.lastName : otherSurname;
      const contact: Contact = {
        id: nextContactId++,
        title: female ? random.pick(["Mrs", "Ms"]) : "Mr",
        firstName,
        lastName,
        email: `${firstName.toLowerCase()}.${lastName.toLowerCase()}${nextContactId % 1000}@example.com`,
        phone: `07700 900${String(random.int(0, 999)).padStart(3, "0")}`,
        status: student.enrolmentStatus === "past" ? "inactive" : "active",
      };
      contacts.push(contact);
      studentContacts.push({
        id: nextRelationId++,
        studentId: student.id,
        contactId: contact.id,
        relationship,
        priority,
        livesWithStudent: priority === 1 || random.chance(0.7),
        parentalResponsibility: relationship !== "Grandparent",
      });
    }
  }
  return { contacts, studentContacts };
}
