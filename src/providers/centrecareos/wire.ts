/** CentreCareOS wire forms: shared readers (numbers, instants, days, codes), people and rooms, parseAs. */
import { z } from "zod";
import { InvalidResponseError } from "../../errors.js";
import { localDate, zonedEpoch } from "../../time/local.js";
import { withAliases } from "../common/trust.js";
import { Id, Text } from "../common/wire.js";
import { PROVIDER, TIME_ZONE } from "./endpoints.js";

/**
 * What we read from CentreCareOS. The portal names a handful of fields (the SDK's camelCase firstName,
 * lastName, dateOfBirth, roomId, studentId, threadId, content, note); every other name and form is assumed,
 * so each record type declares once (here, or in the wire-<topic>.ts beside it: attendance, billing,
 * messaging) the alternatives a tenant may send (snake_case, nested references, other words for the same
 * thing), and each form is read strictly: a value we cannot read makes the record unreadable (counted by the
 * caller), never a default that looks real. Unknown fields are stripped by zod's default object parsing.
 */

export const Num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

const NAIVE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** The epoch of a date-time: zoned as given, or a wall-clock one read as the nursery's London time. */
export function instantEpoch(value: string): number | undefined {
  const text = value.trim();
  if (ZONED.test(text)) {
    const epoch = Date.parse(text);
    return Number.isNaN(epoch) ? undefined : epoch;
  }
  const naive = NAIVE.exec(text);
  if (naive?.[1] && naive[2]) return zonedEpoch(naive[1], naive[2], TIME_ZONE);
  return undefined;
}

/** One form for every instant we show: UTC, whole seconds without a fraction (2026-07-01T07:05:00Z). */
export function isoInstant(epoch: number): string {
  const iso = new Date(epoch).toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, -5)}Z` : iso;
}

/** A date-time in any zone or none (London), as our one form. */
export const Instant = z.string().transform((value, ctx) => {
  const epoch = instantEpoch(value);
  if (epoch === undefined) {
    ctx.addIssue({ code: "custom", message: "not a date-time" });
    return z.NEVER;
  }
  return isoInstant(epoch);
});
export const OptionalInstant = z.union([Instant, z.null(), z.literal("")]).optional();

/** A date, or a date-time whose London date it is. */
export const Day = z.string().transform((value, ctx) => {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const epoch = instantEpoch(text);
  if (epoch === undefined) {
    ctx.addIssue({ code: "custom", message: "not a date" });
    return z.NEVER;
  }
  return localDate(epoch, TIME_ZONE);
});

/** A value written as a code or a display name ("Partially paid", "PARTIALLY-PAID") as its code. */
export const code = (value: string) =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");

// ---- people and rooms ---------------------------------------------------------------------------------

export const NAME_ALIASES = {
  firstName: ["first_name", "firstname", "given_name"],
  lastName: ["last_name", "lastname", "surname", "family_name"],
  name: ["full_name", "fullName", "display_name", "displayName"],
} as const;

export const UpStaffRef = z.union([
  z.string().transform((name) => ({ name })),
  withAliases(NAME_ALIASES, z.object({ id: Id.optional(), firstName: Text, lastName: Text, name: Text })),
]);

export const UpRoom = withAliases(
  {
    name: ["room_name", "roomName", "title"],
    capacity: ["max_capacity", "maxCapacity"],
    assignedStaff: ["assigned_staff", "staff", "teachers"],
  },
  z.object({
    id: Id,
    name: z.string(),
    capacity: Num.nullish(),
    assignedStaff: z.array(UpStaffRef).nullish(),
  }),
);
export type UpRoom = z.infer<typeof UpRoom>;

export const UpParent = withAliases(
  {
    ...NAME_ALIASES,
    relationship: ["relation", "relationship_type", "relationshipType"],
    email: ["email_address", "emailAddress"],
    phone: ["phone_number", "phoneNumber", "mobile", "telephone"],
    isPrimary: ["is_primary", "primary", "primaryContact", "primary_contact"],
  },
  z.object({
    id: Id.optional(),
    firstName: Text,
    lastName: Text,
    name: Text,
    relationship: Text,
    email: Text,
    phone: Text,
    isPrimary: z.boolean().nullish(),
  }),
);

/** Words a tenant writes where no allergy or condition is known: never shown as one. */
const NOT_A_CONDITION = new Set(["", "unspecified", "unknown", "not specified", "n/a", "na", "null"]);
const NONE = new Set(["none", "no allergies", "nkda", "none known"]);

/**
 * Allergies as names, or null when the record does not say. Entries may be names or objects naming the
 * allergen, a list or one comma-separated text; "none" is the provider saying none (an empty list), and an
 * entry such as "unspecified" is no allergy at all.
 */
const Allergies = z
  .union([
    z.string(),
    z.array(
      z.union([
        z.string(),
        withAliases(
          { name: ["allergen", "substance", "description", "label", "title"] },
          z.object({ name: Text }),
        ).transform((a) => a.name ?? ""),
      ]),
    ),
  ])
  .transform((value) => {
    const names = (typeof value === "string" ? value.split(/[,;]/) : value).map((n) => n.trim());
    if (names.some((n) => NONE.has(n.toLowerCase()))) return [];
    return names.filter((n) => !NOT_A_CONDITION.has(n.toLowerCase()));
  });

/** Medical notes as text; a list of conditions joins into one; "unspecified" is no note. */
const MedicalNotes = z.union([z.string(), z.array(z.string())]).transform((value) => {
  const parts = (typeof value === "string" ? [value] : value)
    .map((p) => p.trim())
    .filter((p) => !NOT_A_CONDITION.has(p.toLowerCase()));
  return parts.length ? parts.join("; ") : undefined;
});

export const UpStudent = withAliases(
  {
    ...NAME_ALIASES,
    preferredName: ["preferred_name", "knownAs", "known_as", "nickname"],
    dateOfBirth: ["date_of_birth", "dob", "birthDate", "birth_date"],
    roomId: ["room_id", "room.id", "classroomId", "classroom_id", "classroom.id"],
    enrollmentStatus: ["enrollment_status", "enrolmentStatus", "enrolment_status", "status"],
    startDate: ["start_date", "enrollmentDate", "enrollment_date", "enrolledOn", "enrolled_on"],
    parents: ["guardians", "contacts", "parent_contacts", "parentContacts"],
    allergies: ["medical.allergies", "medical_info.allergies", "medicalInfo.allergies"],
    medicalNotes: [
      "medical_notes",
      "medical.notes",
      "medical_info.notes",
      "medicalInfo.notes",
      "medicalConditions",
      "medical_conditions",
      "medical.conditions",
    ],
  },
  z.object({
    id: Id,
    firstName: z.string(),
    lastName: z.string(),
    preferredName: Text,
    dateOfBirth: Day.nullish(),
    gender: Text,
    roomId: Id.nullish(),
    enrollmentStatus: Text,
    startDate: Day.nullish(),
    parents: z.array(UpParent).nullish(),
    allergies: Allergies.nullish(),
    medicalNotes: MedicalNotes.nullish(),
  }),
);
export type UpStudent = z.infer<typeof UpStudent>;

/** Staff rooms as ids, given as ids or as room references. */
const RoomIds = z.array(
  z.union([Id, withAliases({ id: ["room_id", "roomId"] }, z.object({ id: Id })).transform((r) => r.id)]),
);

export const UpStaff = withAliases(
  {
    ...NAME_ALIASES,
    role: ["job_title", "jobTitle", "position"],
    email: ["email_address", "emailAddress"],
    status: ["employment_status", "employmentStatus"],
    roomIds: ["room_ids", "rooms", "assignedRooms", "assigned_rooms"],
  },
  z.object({
    id: Id,
    firstName: z.string(),
    lastName: z.string(),
    role: Text,
    email: Text,
    status: Text,
    roomIds: RoomIds.nullish(),
  }),
);
export type UpStaff = z.infer<typeof UpStaff>;

/** Parses or fails with a typed error naming the field, never the value. */
export function parseAs<T>(schema: z.ZodType<T, unknown>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new InvalidResponseError(PROVIDER, `unexpected ${what}${where}`);
}
