/**
 * What every HUBmis mapping shares: days, London times, person names, and group names by id. The map-*.ts
 * files turn HUBmis records into our domain records; each builds a fresh object from named fields only, so
 * no upstream field reaches a tool by accident; ids become strings, dates YYYY-MM-DD, times HH:MM.
 */
import { localDate, localParts } from "../../time/local.js";
import { TIME_ZONE } from "./endpoints.js";
import { type PersonRef, type Ref, refName } from "./wire.js";

const DATE = /^\d{4}-\d{2}-\d{2}/;
const ZONED = /[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isoDay(value: string | null | undefined): string | undefined {
  const match = value ? DATE.exec(value) : null;
  return match ? match[0] : undefined;
}

function instant(value: string): number {
  return Date.parse(value.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
}

/**
 * The London day of a date or date-time: an instant with an offset or Z ("2026-06-30T23:30:00Z") is read in
 * London (there it is already 1 July); a bare date or a wall time without an offset is taken as written.
 */
export function localDay(value: string | null | undefined): string | undefined {
  const day = isoDay(value);
  if (!day || !value || !ZONED.test(value)) return day;
  const ms = instant(value);
  return Number.isNaN(ms) ? day : localDate(ms, TIME_ZONE);
}

/**
 * The London wall time ("HH:MM") of a time of day ("12:10", "12:10:00") or a date-time: with an offset or Z
 * it is rewritten to London's time, without one it is taken as written. Anything else is absent: a time we
 * cannot read is never shown as 00:00.
 */
export function localTime(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const bare = /^(\d{1,2}):(\d{2})(:\d{2}(\.\d+)?)?$/.exec(text);
  if (bare) return Number(bare[1]) < 24 ? `${(bare[1] as string).padStart(2, "0")}:${bare[2]}` : undefined;
  if (!DATE.test(text)) return undefined;
  if (ZONED.test(text)) {
    const ms = instant(text);
    return Number.isNaN(ms) ? undefined : localParts(ms, TIME_ZONE).time.slice(0, 5);
  }
  const wall = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})/.exec(text);
  return wall ? `${wall[1]}:${wall[2]}` : undefined;
}

/** "Mr Dev Patel": a full name when given, else title, first and last name, whichever are present. */
export function personName(person: PersonRef | null | undefined): string | undefined {
  if (!person) return undefined;
  if (person.name?.trim()) return person.name.trim();
  const parts = [refName(person.title), person.first_name, person.last_name].filter(Boolean);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

/** Group records by id, so a reference given by id alone still reads as the group's name. */
export interface GroupIndex {
  form(id: string | undefined): { code: string; yearGroupId?: string } | undefined;
  yearGroup(id: string | undefined): string | undefined;
  house(id: string | undefined): string | undefined;
  tutorGroup(id: string | undefined): string | undefined;
  /** Year group name of a form id (HUBmis puts the form, not the year group, on a pupil). */
  yearOfForm(formId: string | undefined): string | undefined;
}

/** A form's name from its reference: its code, else the form's code by id, else the reference's name. */
export function formName(ref: Ref, index: GroupIndex | undefined): string | undefined {
  return ref?.code ?? index?.form(ref?.id)?.code ?? ref?.name ?? undefined;
}

/** A year group's name from its reference, by id when the reference has no name, else from the form. */
export function yearGroupName(ref: Ref, form: Ref, index: GroupIndex | undefined): string | undefined {
  return refName(ref) ?? index?.yearGroup(ref?.id) ?? index?.yearOfForm(form?.id);
}
