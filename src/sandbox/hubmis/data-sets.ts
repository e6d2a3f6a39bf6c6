import type { Random } from "../common/random.js";
import type { Activity, Staff, Student, Subject, SubjectSet, YearGroup } from "./model.js";

/**
 * Oakfield's setted subjects and clubs. Maths is taught in three sets in Years 7 to 11 ("9 Maths Set 2"):
 * each current pupil of the year is in exactly one, dealt at random. Four extra-curricular activities
 * (Orchestra, Choir, Chess Club, Debating) each draw members from the years they are open to. Both draw
 * from their own random stream, so the rest of the school stays as it was.
 */
const SET_YEARS = [7, 8, 9, 10, 11];
const SETS = 3;
const ACTIVITIES = [
  { code: "ORCH", name: "Orchestra", years: [7, 8, 9, 10, 11, 12, 13], share: 0.08 },
  { code: "CHOIR", name: "Choir", years: [7, 8, 9, 10, 11, 12, 13], share: 0.1 },
  { code: "CHESS", name: "Chess Club", years: [7, 8, 9], share: 0.06 },
  { code: "DEBATE", name: "Debating", years: [10, 11, 12, 13], share: 0.07 },
];

export function buildSets(
  random: Random,
  input: { yearGroups: YearGroup[]; subjects: Subject[]; staff: Staff[]; students: Student[] },
): { subjectSets: SubjectSet[]; activities: Activity[] } {
  const maths = input.subjects.find((s) => /math/i.test(s.name));
  const mathsTeachers = input.staff.filter((s) => maths && s.subjectIds.includes(maths.id));
  const current = input.students.filter((s) => s.enrolmentStatus === "current");
  const subjectSets: SubjectSet[] = [];
  for (const year of input.yearGroups.filter((y) => SET_YEARS.includes(y.year))) {
    if (!maths) break;
    const pupils = random.shuffle(current.filter((s) => s.yearGroupId === year.id));
    for (let n = 1; n <= SETS; n++) {
      subjectSets.push({
        id: 300 + year.year * 10 + n,
        code: `${year.year}MA${n}`,
        name: `${year.year} Maths Set ${n}`,
        subjectId: maths.id,
        yearGroupId: year.id,
        sectionId: year.sectionId,
        staffIds: mathsTeachers.length ? [random.pick(mathsTeachers).id] : [],
        studentIds: pupils.filter((_, i) => i % SETS === n - 1).map((s) => s.id),
      });
    }
  }
  const activities = ACTIVITIES.map((a, i) => {
    const years = input.yearGroups.filter((y) => a.years.includes(y.year));
    const eligible = current.filter((s) => years.some((y) => y.id === s.yearGroupId));
    const members = random.shuffle(eligible).slice(0, Math.max(3, Math.round(eligible.length * a.share)));
    return {
      id: 50 + i,
      code: a.code,
      name: a.name,
      yearGroupIds: years.map((y) => y.id),
      staffIds: input.staff.length ? [random.pick(input.staff).id] : [],
      studentIds: members.map((s) => s.id).sort((x, y) => x - y),
    };
  });
  return { subjectSets, activities };
}
