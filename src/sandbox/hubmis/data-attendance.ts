import type { Random } from "../common/random.js";
import type { AttendanceMark, Form, Student } from "./model.js";
import { codeId } from "./reference.js";

/**
 * Morning and afternoon registers for every current pupil on every school day of the academic year so far,
 * and of the next few days: the server shows a register only once it has been taken (REGISTER_TIMES, school
 * time), so a sandbox whose clock runs on past midnight finds the next day's registers as they fall due.
 * Most pupils attend 95–99% of sessions; one pupil per form (and a few more) is a persistent absentee below
 * 90%. Absences come in realistic shapes: illness spells of a few days, single medical appointments, the odd
 * unauthorised day, and "no reason yet" only for the last few days (older ones have been resolved by the
 * office).
 */

interface Profile {
  absenceRate: number;
  lateRate: number;
}

const NO_REASON_WINDOW_DAYS = 3;

/** When each session's register is taken, in school (London) time: a mark exists from then on. */
export const REGISTER_TIMES = { am: "08:45", pm: "13:45" } as const;

/**
 * `schoolDays` runs in order from the start of the year and may go past `today`; "recent" (a reason not yet
 * given, the form trip four days ago) is counted back from `today`.
 */
export function buildAttendance(
  random: Random,
  students: readonly Student[],
  forms: readonly Form[],
  schoolDays: readonly string[],
  today: string,
): AttendanceMark[] {
  const profiles = random.fork("attendance-profiles");
  const marksStream = random.fork("attendance-marks");
  const current = students.filter((s) => s.enrolmentStatus === "current");
  const persistent = new Set<number>();
  for (const form of forms) {
    const members = current.filter((s) => s.formId === form.id);
    const chosen = members.length > 0 ? profiles.pick(members) : undefined;
    if (chosen) persistent.add(chosen.id);
  }
  for (const student of current) if (profiles.chance(0.01)) persistent.add(student.id);

  // A whole-form trip: one form, one day, every pupil on an educational visit.
  const tripForm = forms.length > 0 ? profiles.pick(forms) : undefined;
  const daysSoFar = schoolDays.filter((d) => d <= today).length;
  const tripDay = daysSoFar > 4 ? schoolDays[daysSoFar - 4] : undefined;

  const out: AttendanceMark[] = [];
  let nextId = 100001;
  const push = (
    studentId: number,
    date: string,
    session: "am" | "pm",
    code: string,
    late: number | null = null,
  ) => {
    out.push({ id: nextId++, studentId, date, session, codeId: codeId(code), minutesLate: late, note: null });
  };

  for (const student of current) {
    const profile: Profile = persistent.has(student.id)
      ? { absenceRate: 0.12 + profiles.next() * 0.14, lateRate: 0.05 + profiles.next() * 0.05 }
      : { absenceRate: profiles.next() * 0.025, lateRate: profiles.next() * 0.04 };
    // A stream per pupil: one pupil's registers do not move when another's change.
    const marks = marksStream.fork(String(student.id));
    let spell: { code: string; days: number } | undefined;
    schoolDays.forEach((date, dayIndex) => {
      const recent = daysSoFar - dayIndex <= NO_REASON_WINDOW_DAYS;
      if (tripForm && student.formId === tripForm.id && date === tripDay) {
        push(student.id, date, "am", "V");
        push(student.id, date, "pm", "V");
        return;
      }
      if (!spell && marks.chance(profile.absenceRate)) spell = startSpell(marks, recent);
      if (spell) {
        if (spell.code === "M") {
          // An appointment takes one session; the pupil is in for the other.
          const morning = marks.chance(0.5);
          push(student.id, date, "am", morning ? "M" : "/");
          push(student.id, date, "pm", morning ? "\\" : "M");
        } else {
          push(student.id, date, "am", spell.code);
          push(student.id, date, "pm", spell.code);
        }
        spell.days -= 1;
        if (spell.days <= 0) spell = undefined;
        return;
      }
      if (marks.chance(profile.lateRate)) {
        const minutes = marks.int(3, 40);
        push(student.id, date, "am", minutes > 30 ? "U" : "L", minutes);
      } else {
        push(student.id, date, "am", "/");
      }
      push(student.id, date, "pm", "\\");
    });
  }
  return out;
}

function startSpell(random: Random, recent: boolean): { code: string; days: number } {
  const roll = random.next();
  if (roll < 0.55) return { code: "I", days: random.int(1, 3) };
  if (roll < 0.72) return { code: "M", days: 1 };
  if (roll < 0.78) return { code: "C", days: 1 };
  if (roll < 0.84) return { code: "G", days: random.int(2, 4) };
  if (roll < 0.9) return { code: "O", days: 1 };
  return { code: recent ? "N" : "O", days: 1 };
}
