import { fictionalName, type Random } from "../common/random.js";
import type {
  Form,
  House,
  HubmisDataset,
  Room,
  Section,
  Staff,
  Subject,
  TutorGroup,
  YearGroup,
} from "./model.js";
import { SUBJECTS } from "./reference.js";

/** Sections, year groups, forms, tutor groups, houses, subjects, rooms and staff of Oakfield School. */

export const SECTIONS: readonly Section[] = [
  { id: 1, code: "LS", name: "Lower School" },
  { id: 2, code: "MS", name: "Middle School" },
  { id: 3, code: "SF", name: "Sixth Form" },
];

/** Form letters per year: the lower school runs A–E, the middle school its tutors' initials, sixth form A–C. */
const FORM_LETTERS: Record<number, readonly string[]> = {
  7: ["A", "B", "C", "D", "E"],
  8: ["A", "B", "C", "D", "E"],
  9: ["K", "L", "R", "T"],
  10: ["K", "L", "R", "T"],
  11: ["K", "L", "R", "T"],
  12: ["A", "B", "C"],
  13: ["A", "B", "C"],
};

export const YEARS = [7, 8, 9, 10, 11, 12, 13] as const;

export function sectionFor(year: number): number {
  if (year <= 8) return 1;
  return year <= 11 ? 2 : 3;
}

/** Which column of SubjectDef.lessons a year uses. */
export function bandFor(year: number): 0 | 1 | 2 {
  if (year <= 9) return 0;
  return year <= 11 ? 1 : 2;
}

const HOUSES: Array<[string, string, string]> = [
  ["GH", "Green House", "green"],
  ["RH", "Red House", "red"],
  ["BH", "Blue House", "blue"],
  ["YH", "Yellow House", "yellow"],
];

/** The school's shape, as the dataset holds it, plus what the timetable generator needs to staff lessons. */
export interface Structure
  extends Pick<
    HubmisDataset,
    "sections" | "yearGroups" | "forms" | "tutorGroups" | "houses" | "rooms" | "subjects" | "staff"
  > {
  /** Staff who teach each subject id. */
  teachersBySubject: Map<number, number[]>;
}

/** Lessons per two-week cycle for one subject across the whole school, to size each department. */
function demand(subjectIndex: number): number {
  const def = SUBJECTS[subjectIndex];
  if (!def) return 0;
  let total = 0;
  for (const year of YEARS) total += (FORM_LETTERS[year]?.length ?? 0) * def.lessons[bandFor(year)];
  return total;
}

export function buildStructure(random: Random): Structure {
  const subjects: Subject[] = SUBJECTS.map((s, i) => ({
    id: 601 + i,
    code: s.code,
    name: s.name,
    department: s.department,
  }));
  const staff: Staff[] = [];
  const rooms: Room[] = [];
  const usedSurnames = new Set<string>(["Patel"]);
  const names = random.fork("staff-names");
  const details = random.fork("staff-details");
  let nextStaffId = 1001;
  let nextRoomId = 501;

  const addStaff = (
    jobTitle: string,
    department: string | null,
    subjectIds: number[],
    status: Staff["status"] = "current",
    fixed?: { title: string; firstName: string; lastName: string; gender: Staff["gender"] },
  ): Staff => {
    let person = fixed;
    if (!person) {
      let name = fictionalName(names);
      while (usedSurnames.has(name.lastName)) name = fictionalName(names);
      usedSurnames.add(name.lastName);
      const gender = details.chance(0.5) ? "Male" : "Female";
      const title = details.chance(0.1)
        ? "Dr"
        : gender === "Male"
          ? "Mr"
          : details.pick(["Mrs", "Ms", "Miss"]);
      person = { ...name, title, gender };
    }
    const id = nextStaffId++;
    const initials = `${person.firstName[0]}${person.lastName.slice(0, 2)}`.toUpperCase();
    const member: Staff = {
      id,
      title: person.title,
      firstName: person.firstName,
      lastName: person.lastName,
      preferredName: null,
      gender: person.gender,
      email: `${person.firstName[0]?.toLowerCase()}.${person.lastName.toLowerCase()}@oakfield.example`,
      jobTitle,
      status,
      department,
      subjectIds,
      roomId: null,
      timetableCode: initials,
    };
    staff.push(member);
    return member;
  };

  addStaff("Headteacher", null, []);
  addStaff("Deputy Head (Pastoral)", "Pastoral", []);
  const teachersBySubject = new Map<number, number[]>();
  SUBJECTS.forEach((def, i) => {
    const subject = subjects[i] as Subject;
    const count = Math.max(1, Math.ceil(demand(i) / 42));
    const ids: number[] = [];
    for (let n = 0; n < count; n++) {
      // Mr Patel is a fixture of the demo questions ("what is Mr Patel teaching period 4 tomorrow?").
      const fixed =
        def.code === "MA" && n === 0
          ? { title: "Mr", firstName: "Dev", lastName: "Patel", gender: "Male" as const }
          : undefined;
      const teacher = addStaff(`Teacher of ${def.name}`, def.department, [subject.id], "current", fixed);
      const room: Room = {
        id: nextRoomId++,
        code: `${def.code}${n + 1}`,
        description: `${def.name} classroom ${n + 1}`,
        capacity: def.code === "PE" ? 60 : 32,
        location: `${def.department} block`,
      };
      rooms.push(room);
      teacher.roomId = room.id;
      ids.push(teacher.id);
    }
    teachersBySubject.set(subject.id, ids);
  });
  for (const job of [
    "Special Educational Needs Coordinator",
    "School Nurse",
    "School Counsellor",
    "Office Manager",
    "Exams Officer",
    "Librarian",
  ]) {
    addStaff(job, job === "School Nurse" || job === "School Counsellor" ? "Pastoral" : "Support", []);
  }
  for (const subjectCode of ["HI", "FR", "SC"]) {
    const subject = subjects.find((s) => s.code === subjectCode) as Subject;
    addStaff(`Teacher of ${subject.name}`, subject.department, [subject.id], "past");
  }

  const teachers = staff.filter((s) => s.status === "current" && s.subjectIds.length > 0);
  const pickTutors = random.fork("tutors").shuffle(teachers);
  let tutorCursor = 0;
  const nextTutor = () => pickTutors[tutorCursor++ % pickTutors.length] as Staff;

  const yearGroups: YearGroup[] = [];
  const forms: Form[] = [];
  const tutorGroups: TutorGroup[] = [];
  let nextFormId = 201;
  let nextTutorGroupId = 301;
  YEARS.forEach((year, position) => {
    const head = nextTutor();
    head.jobTitle = `Head of Year ${year}; ${head.jobTitle}`;
    yearGroups.push({
      id: 101 + position,
      code: `Y${year}`,
      name: `Year ${year}`,
      year,
      position: position + 1,
      keyStage: year <= 9 ? "KS3" : year <= 11 ? "KS4" : "KS5",
      sectionId: sectionFor(year),
      headStaffId: head.id,
    });
    for (const letter of FORM_LETTERS[year] ?? []) {
      const tutor = nextTutor();
      forms.push({
        id: nextFormId++,
        code: `${year}${letter}`,
        name: `Form ${year}${letter}`,
        yearGroupId: 101 + position,
        tutorStaffId: tutor.id,
        roomId: tutor.roomId ?? 501,
      });
    }
    for (const letter of year >= 12 ? ["X", "Y"] : ["X", "Y", "Z"]) {
      tutorGroups.push({
        id: nextTutorGroupId++,
        code: `TG${String(year).padStart(2, "0")}${letter}`,
        name: `Year ${year} Tutor Group ${letter}`,
        yearGroupId: 101 + position,
        sectionId: sectionFor(year),
        staffId: nextTutor().id,
      });
    }
  });

  const houses: House[] = HOUSES.map(([code, name, colour], i) => ({
    id: 401 + i,
    code,
    name,
    houseType: "academic",
    staffIds: [nextTutor().id, nextTutor().id],
    colour,
  }));

  for (const [code, description, capacity] of [
    ["HALL", "Main hall", 400],
    ["LIB", "Library", 60],
    ["SH", "Sports hall", 120],
  ] as const) {
    rooms.push({ id: nextRoomId++, code, description, capacity, location: "Main building" });
  }

  return {
    sections: [...SECTIONS],
    yearGroups,
    forms,
    tutorGroups,
    houses,
    rooms,
    subjects,
    staff,
    teachersBySubject,
  };
}
