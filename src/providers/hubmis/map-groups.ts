// HUBmis forms, tutor groups, year groups, houses and listed groups to our groups.
import type { Group } from "../../domain/index.js";
import { type GroupIndex, personName } from "./map.js";
import { type PersonRef, refName } from "./wire.js";
import type { FormWire, HouseWire, TutorGroupWire, YearGroupWire } from "./wire-groups.js";

function staffNames(staff: ReadonlyArray<PersonRef | null> | null | undefined): string[] | undefined {
  const names = (staff ?? []).map(personName).filter((n): n is string => Boolean(n));
  return names.length > 0 ? names : undefined;
}

function group(connection: string, id: string, name: string, kind: Group["kind"]): Group {
  return { connection, id, name, kind };
}

export function mapForm(w: FormWire, connection: string, index?: GroupIndex): Group {
  return mapListedGroup(w, "form", w.code ?? w.name, connection, index);
}

/** A group of a year's list (a form, a subject set, an activity): members, staff and year where given. */
export function mapListedGroup(
  w: Pick<FormWire, "id" | "student_count" | "staff" | "year_group">,
  kind: Group["kind"],
  name: string,
  connection: string,
  index?: GroupIndex,
): Group {
  const g = group(connection, `${kind}:${w.id}`, name, kind);
  if (typeof w.student_count === "number") g.memberCount = w.student_count;
  const staff = staffNames(w.staff);
  if (staff) g.staff = staff;
  const year = refName(w.year_group) ?? index?.yearGroup(w.year_group?.id);
  if (year) g.yearGroup = year;
  return g;
}

export function mapTutorGroup(w: TutorGroupWire, connection: string, index?: GroupIndex): Group {
  const g = mapListedGroup(w, "tutor_group", w.name, connection, index);
  // The reference's tutor group has no year group field; its name says it ("Year 9 Tutor Group X").
  const year = g.yearGroup ?? /\bYear \d{1,2}\b/.exec(w.name)?.[0];
  if (year) g.yearGroup = year;
  return g;
}

export function mapYearGroup(w: YearGroupWire, connection: string): Group {
  const g = group(connection, `year_group:${w.id}`, w.name, "year_group");
  const count = w.total_student_count ?? w.student_count;
  if (typeof count === "number") g.memberCount = count;
  const staff = staffNames(w.year_group_heads ?? w.staff);
  if (staff) g.staff = staff;
  g.yearGroup = w.name;
  return g;
}

export function mapHouse(w: HouseWire, connection: string): Group {
  const g = group(connection, `house:${w.id}`, w.name, "house");
  if (typeof w.student_count === "number") g.memberCount = w.student_count;
  const staff = staffNames(w.staff);
  if (staff) g.staff = staff;
  return g;
}
