/**
 * One member of staff with what only a single record gives: the contact details the reference shows
 * ("Staff Contact Details: Get for Staff Member", an `emergency_contact` line) and the default working
 * hours. The reference's working hours list takes no staff id and shows no fields: it is read as the
 * school's default week, and where its items name a member of staff, as theirs alone.
 */
import { z } from "zod";
import type { CallContext, StaffMember } from "../../domain/index.js";
import { NotFoundError } from "../../errors.js";
import { isRecord, readEach, withAliases } from "../common/trust.js";
import { PATHS, PROVIDER } from "./endpoints.js";
import { mapStaff } from "./map-people.js";
import type { PageDeps } from "./paging.js";
import { listItems, parseOne, Ref } from "./wire.js";
import { StaffWire } from "./wire-people.js";

const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A weekday as a name ("Monday", "mon"), an ISO number (1 = Monday, 7 = Sunday) or `{name}`. */
const Day = z
  .unknown()
  .transform((v): string | undefined => {
    const raw = isRecord(v) ? (v["name"] ?? v["id"]) : v;
    if (typeof raw === "number" || (typeof raw === "string" && /^\d$/.test(raw))) {
      const n = Number(raw);
      return n >= 1 && n <= 7 ? DAYS[n % 7] : undefined;
    }
    if (typeof raw !== "string") return undefined;
    return DAYS.find((d) => d.toLowerCase().startsWith(raw.trim().toLowerCase().slice(0, 3)));
  })
  .optional();

/** "08:15", "08:15:00" or a date-time's wall clock, as HH:MM. */
const Clock = z
  .unknown()
  .transform((v) => (typeof v === "string" ? /(?:^|T| )(\d{2}):(\d{2})/.exec(v) : null))
  .transform((m) => (m ? `${m[1]}:${m[2]}` : undefined))
  .optional();

const HoursWire = withAliases(
  {
    day: ["day_of_week", "weekday", "day_name"],
    start_time: ["time_from", "from", "start"],
    end_time: ["time_to", "to", "end"],
    staff: ["staff_id", "staff_member"],
  },
  z.object({ day: Day, start_time: Clock, end_time: Clock, staff: Ref }),
);

const ContactWire = withAliases(
  { emergency_contact: ["emergency_contact_details", "emergency"] },
  z.object({ emergency_contact: z.unknown() }),
);

/** The emergency contact as one line: a string as it is, an object's words joined. */
function line(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() || undefined;
  if (!isRecord(value)) return undefined;
  const parts = Object.values(value).filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return parts.length ? parts.join(", ") : undefined;
}

export async function getStaffMember(deps: PageDeps, id: string, ctx: CallContext): Promise<StaffMember> {
  const what = `member of staff with id ${id}`;
  const [record, contact, hours] = await Promise.all([
    deps.api.getOr404(PATHS.staffMember(id), {}, { kind: "directory" }, ctx, what),
    deps.api.get(PATHS.staffContactDetails(id), {}, { kind: "directory" }, ctx).catch((error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }),
    deps.api.get(PATHS.staffWorkingHours, {}, { kind: "reference" }, ctx),
  ]);
  const staff = mapStaff(parseOne(record, StaffWire, "A staff record"), deps.connection);
  if (contact !== undefined) {
    const c = parseOne(contact, ContactWire, "A staff member's contact details");
    const emergency = line(c.emergency_contact);
    if (emergency) staff.emergencyContact = emergency;
  }
  const items = readEach(listItems(hours, "working hours"), HoursWire, "working hours", ctx, PROVIDER);
  const theirs = items.filter((h) => h.staff?.id === staff.id);
  const week = (theirs.length ? theirs : items.filter((h) => !h.staff?.id && !h.staff?.name))
    .filter((h) => h.day && h.start_time && h.end_time)
    .map((h) => ({ day: h.day as string, from: h.start_time as string, to: h.end_time as string }))
    .sort((a, b) => ((DAYS.indexOf(a.day) + 6) % 7) - ((DAYS.indexOf(b.day) + 6) % 7));
  if (week.length) staff.workingHours = week;
  return staff;
}
