import { TIME_ZONE } from "../../providers/hubmis/endpoints.js";
import { addDays, localDate } from "../../time/local.js";
import { CURRENT_YEAR_ID } from "./calendar.js";
import type { Student } from "./model.js";
import { found, type Route, type RouteContext, route } from "./router.js";
import type { HubmisStore } from "./store.js";

/**
 * Progress reports by student. The reference names the call and shows no fields, so the sandbox serves a
 * plausible report: one at each autumn half-term and at the end of each finished term, published the
 * Friday the term or half ends, with attainment, effort and a comment for the pupil's core subjects. Grades
 * are drawn from the pupil's id, so the same pupil always has the same reports.
 */
const CORE = ["Mathematics", "English", "Science"];
const GRADES = ["A*", "A", "B", "C", "D"];
const COMMENTS = [
  "Works hard and contributes well in class.",
  "Good progress; should check work more carefully.",
  "Capable, but homework is often late.",
  "A steady term with real improvement.",
];

function reportDates(store: HubmisStore): Array<{ name: string; date: string }> {
  const { terms, holidays } = store.data.calendar;
  const out: Array<{ name: string; date: string }> = [];
  for (const term of terms.filter((t) => t.academicYearId === CURRENT_YEAR_ID)) {
    const half = holidays.find(
      (h) => h.academicYearId === CURRENT_YEAR_ID && h.startDate > term.startDate && h.endDate < term.endDate,
    );
    if (half) out.push({ name: `${term.name} half-term report`, date: addDays(half.startDate, -3) });
    out.push({ name: `${term.name} report`, date: term.endDate });
  }
  return out;
}

function reportsOf(ctx: RouteContext, s: Student): unknown[] {
  const today = localDate(ctx.clock.now(), TIME_ZONE);
  const subjects = ctx.store.data.subjects.filter((sub) => CORE.includes(sub.name));
  return reportDates(ctx.store)
    .filter((r) => r.date <= today)
    .map((r, n) => ({
      id: s.id * 10 + n,
      title: r.name,
      report_date: r.date,
      published: true,
      entries: subjects.map((sub, i) => ({
        subject: { id: sub.id, name: sub.name },
        attainment: GRADES[(s.id + n + i) % GRADES.length],
        effort: String(((s.id + i) % 4) + 1),
        comment: COMMENTS[(s.id + n * 3 + i) % COMMENTS.length],
      })),
    }));
}

export const REPORT_ROUTES: Route[] = [
  route("students/:id/progress-reports", (ctx) =>
    reportsOf(ctx, found(ctx.store.students, ctx.params["id"], "Student")),
  ),
];
