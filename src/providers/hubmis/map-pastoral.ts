// HUBmis wellbeing events and plans to our wellbeing events, naming categories and severities.
import type { WellbeingEvent } from "../../domain/index.js";
import { WITHHELD } from "../../domain/index.js";
import { formName, type GroupIndex, localDay, personName, yearGroupName } from "./map.js";
import { refName } from "./wire.js";
import type { PastoralWire } from "./wire-pastoral.js";

/** Pastoral categories and severity levels, to name what a record gives by id. */
export interface PastoralNames {
  categories: ReadonlyArray<{ id: string; name: string }>;
  severities: ReadonlyArray<{ id: string; name: string; rank: number }>;
}

export interface WellbeingContext {
  connection: string;
  sensitive: boolean;
  pastoral: PastoralNames;
  groups?: GroupIndex;
  /** The type the path implies (a pupil's events or plans), for records that leave it out. */
  type?: WellbeingEvent["type"];
  /** The pupil the path names, for records that leave the pupil out. */
  studentId?: string;
}

const STATUS_WORDS: Record<string, string> = {
  active: "active",
  open: "active",
  current: "active",
  inactive: "inactive",
  closed: "inactive",
  resolved: "inactive",
  archived: "inactive",
};

/** A pastoral status in the filter's words (active, inactive), whatever its case or form. */
export function pastoralStatus(word: string | undefined): string | undefined {
  return word === undefined ? undefined : (STATUS_WORDS[word] ?? word);
}

/** A pastoral type as event or plan ("wellbeing_event", "Wellbeing plan", "plan"), else undefined. */
export function pastoralType(word: string | undefined): WellbeingEvent["type"] | undefined {
  if (word?.includes("plan")) return "plan";
  if (word?.includes("event")) return "event";
  return undefined;
}

export interface WellbeingRead {
  event: WellbeingEvent;
  categoryId?: string;
  severityId?: string;
  yearGroupId?: string;
  formId?: string;
  enrolment?: string;
  assignedIds: string[];
}

/**
 * One wellbeing record, or undefined when its pupil, day or type cannot be read. A category given only by
 * an id we cannot name reads "category <id>"; a severity without a rank has no severityRank.
 */
export function mapWellbeing(w: PastoralWire, ctx: WellbeingContext): WellbeingRead | undefined {
  const date = localDay(w.date_time) ?? localDay(w.date);
  const studentId = w.student?.id ?? ctx.studentId;
  const type = pastoralType(w.type) ?? ctx.type;
  if (!date || !studentId || !type) return undefined;
  const category = w.category
    ? (refName(w.category) ??
      ctx.pastoral.categories.find((c) => c.id === w.category?.id)?.name ??
      (w.category.id ? `category ${w.category.id}` : undefined))
    : undefined;
  const severityRef = w.severity;
  const severityById = ctx.pastoral.severities.find((s) => s.id === severityRef?.id);
  const severityName = (severityRef && "name" in severityRef ? severityRef.name : undefined) ?? undefined;
  const severityByName = severityName
    ? ctx.pastoral.severities.find((s) => s.name.toLowerCase() === severityName.toLowerCase())
    : undefined;
  const severity = severityName ?? severityById?.name;
  const position = severityRef && "position" in severityRef ? severityRef.position : undefined;
  const rank = typeof position === "number" ? position : (severityById ?? severityByName)?.rank;
  const event: WellbeingEvent = {
    connection: ctx.connection,
    id: w.id,
    type,
    studentId,
    date,
  };
  // Absent is absent: no "Uncategorised" or "unknown" that reads like the provider's own word.
  if (category) event.category = category;
  const status = pastoralStatus(w.status);
  if (status) event.status = status;
  const name = w.student?.name ?? [w.student?.first_name, w.student?.last_name].filter(Boolean).join(" ");
  if (name) event.studentName = name;
  const yearGroup = yearGroupName(w.student?.year_group, w.student?.form, ctx.groups);
  if (yearGroup) event.yearGroup = yearGroup;
  const form = formName(w.student?.form, ctx.groups);
  if (form) event.form = form;
  if (severity) event.severity = severity;
  if (typeof rank === "number") event.severityRank = rank;
  const assigned = (w.assigned_to ?? []).map(personName).filter((n): n is string => Boolean(n));
  if (assigned.length > 0) event.assignedTo = assigned;
  if (w.title) event.title = w.title;
  if (w.description) event.detail = ctx.sensitive ? w.description : WITHHELD;
  const read: WellbeingRead = {
    event,
    assignedIds: (w.assigned_to ?? []).map((p) => p?.id).filter((id): id is string => Boolean(id)),
  };
  const categoryId = w.category?.id ?? ctx.pastoral.categories.find((c) => c.name === category)?.id;
  if (categoryId) read.categoryId = categoryId;
  const severityId = severityRef?.id ?? severityByName?.id;
  if (severityId) read.severityId = severityId;
  const yearGroupId = w.student?.year_group?.id ?? ctx.groups?.form(w.student?.form?.id)?.yearGroupId;
  if (yearGroupId) read.yearGroupId = yearGroupId;
  if (w.student?.form?.id) read.formId = w.student.form.id;
  if (w.student?.enrolment_status) read.enrolment = w.student.enrolment_status;
  return read;
}
