import type { Random } from "../common/random.js";
import { bandFor, type Structure } from "./data-structure.js";
import type { Form, TimetableSlot } from "./model.js";
import { PERIODS, SUBJECTS } from "./reference.js";

/**
 * A two-week timetable (weeks A and B, five days, six periods) for every form, with no teacher taught in two
 * places at once. Mr Patel teaches period 4 every day so "what is he teaching period 4 tomorrow?" always has
 * an answer on a school day.
 */

const WEEKS = ["A", "B"] as const;
const SLOTS = WEEKS.length * 5 * PERIODS.length;

function slotOf(index: number): { week: "A" | "B"; day: number; periodId: number } {
  const week = WEEKS[Math.floor(index / (5 * PERIODS.length))] as "A" | "B";
  const day = (Math.floor(index / PERIODS.length) % 5) + 1;
  const periodId = (PERIODS[index % PERIODS.length] as (typeof PERIODS)[number]).id;
  return { week, day, periodId };
}

export function buildTimetable(random: Random, structure: Structure, patelId: number): TimetableSlot[] {
  const yearOf = new Map(structure.yearGroups.map((y) => [y.id, y.year]));
  const subjectByCode = new Map(structure.subjects.map((s) => [s.code, s]));
  const load = new Map<number, number>();
  const teacherFor = new Map<string, number>();
  const remaining = new Map<number, number[]>();
  const busy = new Map<number, Set<number>>();
  const shuffle = random.fork("timetable");
  const maths = subjectByCode.get("MA")?.id ?? 0;
  const patelForms = structure.forms.filter((f) => ["9K", "9L", "9R", "9T", "10R"].includes(f.code));

  for (const form of structure.forms) {
    const band = bandFor(yearOf.get(form.yearGroupId) ?? 7);
    const entries: number[] = [];
    for (const def of SUBJECTS) {
      const subject = subjectByCode.get(def.code);
      if (!subject) continue;
      for (let n = 0; n < def.lessons[band]; n++) entries.push(subject.id);
      if (def.lessons[band] === 0) continue;
      const staff = structure.teachersBySubject.get(subject.id) ?? [];
      const chosen =
        subject.id === maths && patelForms.includes(form)
          ? patelId
          : [...staff]
              .filter((id) => id !== patelId)
              .sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0];
      if (chosen === undefined) continue;
      teacherFor.set(`${form.id}:${subject.id}`, chosen);
      load.set(chosen, (load.get(chosen) ?? 0) + def.lessons[band]);
    }
    remaining.set(form.id, shuffle.shuffle(entries));
  }

  const slots: TimetableSlot[] = [];
  const filled = new Set<string>();
  let nextId = 30001;
  const place = (form: Form, index: number, subjectId: number, staffId: number | null) => {
    const staff = staffId === null ? undefined : structure.staff.find((s) => s.id === staffId);
    const library = structure.rooms.find((r) => r.code === "LIB")?.id ?? form.roomId;
    slots.push({
      id: nextId++,
      ...slotOf(index),
      formId: form.id,
      subjectId,
      staffId,
      roomId: staff?.roomId ?? library,
    });
    filled.add(`${form.id}:${index}`);
    if (staffId !== null) {
      if (!busy.has(staffId)) busy.set(staffId, new Set());
      busy.get(staffId)?.add(index);
    }
    const list = remaining.get(form.id) ?? [];
    list.splice(list.indexOf(subjectId), 1);
  };

  // Period 4 (index 3 in the day) on each of the ten days.
  for (let day = 0; day < 10; day++) {
    const form = patelForms[day % patelForms.length];
    if (form) place(form, day * PERIODS.length + 3, maths, patelId);
  }

  for (let index = 0; index < SLOTS; index++) {
    for (const form of shuffle.shuffle(structure.forms)) {
      if (filled.has(`${form.id}:${index}`)) continue;
      const list = remaining.get(form.id) ?? [];
      const free = (id: number | undefined) => id !== undefined && !busy.get(id)?.has(index);
      const own = list.find((subjectId) => free(teacherFor.get(`${form.id}:${subjectId}`)));
      if (own !== undefined) {
        place(form, index, own, teacherFor.get(`${form.id}:${own}`) ?? null);
        continue;
      }
      // The usual teacher is busy: a colleague from the same department covers, else supervised cover.
      let covered = false;
      for (const subjectId of list) {
        const colleague = (structure.teachersBySubject.get(subjectId) ?? []).find(
          (id) => id !== patelId && free(id),
        );
        if (colleague !== undefined) {
          place(form, index, subjectId, colleague);
          covered = true;
          break;
        }
      }
      if (!covered && list[0] !== undefined) place(form, index, list[0], null);
    }
  }
  return slots.sort((a, b) => a.id - b.id);
}
