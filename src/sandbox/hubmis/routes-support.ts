import type { Student } from "./model.js";
import { ApiError, matchesSearch, pageOf, parseQuery } from "./query.js";
import { type Route, type RouteContext, route } from "./router.js";
import { yearGroupRef } from "./views.js";

/**
 * "Learning Support Records: List" (filter[yearGroup], search, paging) and "LearningSupport Record: Get",
 * in the reference's sample shape: one active record per pupil who has a learning support need.
 */
const RECORD_OFFSET = 5000;
const SEVERITY_IDS: Record<string, number> = { Mild: 1, Moderate: 2, Significant: 3 };

function recordView(ctx: RouteContext, s: Student): Record<string, unknown> {
  const ls = s.learningSupport;
  return {
    id: RECORD_OFFSET + s.id,
    description: ls ? `${ls.need} (${ls.severity.toLowerCase()})` : null,
    ehcp: ls?.ehcp ?? false,
    ehcp_date: ls?.ehcp ? ls.placementDate : null,
    files: [],
    learning_support_date: ls?.placementDate ?? null,
    learning_support_type: ls ? { id: 1 + (s.id % 7), name: ls.need } : null,
    severity: ls ? { id: SEVERITY_IDS[ls.severity] ?? 0, name: ls.severity } : null,
    status: { id: 1, name: "Active" },
    student: {
      id: s.id,
      first_name: s.firstName,
      last_name: s.lastName,
      year_group: yearGroupRef(s.yearGroupId === null ? undefined : ctx.store.yearGroups.get(s.yearGroupId)),
    },
    inactive_date: null,
  };
}

const supported = (ctx: RouteContext) =>
  ctx.store.data.students.filter((s) => s.enrolmentStatus === "current" && s.learningSupport !== null);

export const SUPPORT_ROUTES: readonly Route[] = [
  route("learning-support/records", (ctx) => {
    const q = parseQuery(ctx.query, { search: true, paged: true, filters: { yearGroup: { kind: "id" } } });
    const items = supported(ctx).filter(
      (s) =>
        (q.filters["yearGroup"] === undefined || s.yearGroupId === q.filters["yearGroup"]) &&
        matchesSearch(q.search, s.firstName, s.lastName, s.learningSupport?.need ?? ""),
    );
    return pageOf(items, q, (s) => s.id, true).map((s) => recordView(ctx, s));
  }),
  route("learning-support/records/:id", (ctx) => {
    const raw = ctx.params["id"] ?? "";
    const s = supported(ctx).find((x) => String(RECORD_OFFSET + x.id) === raw);
    if (!s) throw new ApiError(404, "not_found", "Learning support record not found");
    return recordView(ctx, s);
  }),
];
