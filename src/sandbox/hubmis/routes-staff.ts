import { found, type Route, route } from "./router.js";

/**
 * A member of staff's contact details (the reference's sample: one `emergency_contact` line) and the
 * school's default working hours ("Staff Default Working Hours: List", no staff id, no fields shown):
 * Monday to Thursday 08:15 to 16:45 and Friday to 16:00. Contacts are drawn from the staff id, so the same
 * person always has the same one; every fifth member of staff has none on file.
 */
const PARTNERS = ["Alex", "Sam", "Jo", "Chris", "Robin", "Kim"];

const WEEK = [
  { day: 1, start: "08:15:00", end: "16:45:00" },
  { day: 2, start: "08:15:00", end: "16:45:00" },
  { day: 3, start: "08:15:00", end: "16:45:00" },
  { day: 4, start: "08:15:00", end: "16:45:00" },
  { day: 5, start: "08:15:00", end: "16:00:00" },
];

export const STAFF_DETAIL_ROUTES: readonly Route[] = [
  route("staff/default-working-hours", () =>
    WEEK.map((d) => ({ id: d.day, day_of_week: d.day, start_time: d.start, end_time: d.end })),
  ),
  route("staff/:id/contact-details", (ctx) => {
    const staff = found(ctx.store.staff, ctx.params["id"], "Staff member");
    if (staff.id % 5 === 0) return { emergency_contact: null };
    const partner = PARTNERS[staff.id % PARTNERS.length];
    const phone = `07700 900${String(staff.id % 1000).padStart(3, "0")}`;
    return { emergency_contact: `${partner} ${staff.lastName} (partner), ${phone}` };
  }),
];
