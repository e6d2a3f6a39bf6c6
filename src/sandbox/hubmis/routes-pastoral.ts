import type { PastoralRecord } from "./model.js";
import { ApiError, matchesSearch, type ParsedQuery, pageOf, parseQuery, type QuerySpec } from "./query.js";
import { found, type Route, type RouteContext, route } from "./router.js";
import { pastoralView } from "./views.js";

/**
 * Pastoral (wellbeing) events and plans, school-wide and per student, with categories and severities. Only
 * records dated no later than the clock's now exist yet.
 */

const COMMON_FILTERS: QuerySpec["filters"] = {
  category: { kind: "id" },
  status: { kind: "enum", values: ["active", "inactive"] },
  severity: { kind: "id" },
  assignedTo: { kind: "id" },
};

const EVENT_FILTERS: QuerySpec["filters"] = {
  ...COMMON_FILTERS,
  type: { kind: "enum", values: ["wellbeing_event", "wellbeing_plan"] },
  yearGroup: { kind: "id" },
  form: { kind: "id" },
  includePastStudents: { kind: "bool" },
};

const SORTS = ["id", "dateTime", "severity", "status", "category", "type"] as const;

function matches(ctx: RouteContext, q: ParsedQuery, p: PastoralRecord): boolean {
  const f = q.filters;
  const student = ctx.store.students.get(p.studentId);
  return (
    (f["type"] === undefined || p.type === f["type"]) &&
    (f["category"] === undefined || p.categoryId === f["category"]) &&
    (f["status"] === undefined || p.status === f["status"]) &&
    (f["severity"] === undefined || p.severityId === f["severity"]) &&
    (f["assignedTo"] === undefined || p.assignedStaffIds.includes(f["assignedTo"] as number)) &&
    (f["yearGroup"] === undefined || student?.yearGroupId === f["yearGroup"]) &&
    (f["form"] === undefined || student?.formId === f["form"]) &&
    (q.from === undefined || Date.parse(p.dateTime) >= q.from) &&
    (q.to === undefined || Date.parse(p.dateTime) <= q.to) &&
    matchesSearch(q.search, p.title, p.description)
  );
}

function sortValue(ctx: RouteContext) {
  return (p: PastoralRecord, field: string): string | number => {
    if (field === "dateTime") return p.dateTime;
    if (field === "severity")
      return ctx.store.data.severityLevels.find((s) => s.id === p.severityId)?.position ?? 0;
    if (field === "status") return p.status;
    if (field === "category") return p.categoryId;
    if (field === "type") return p.type;
    return p.id;
  };
}

function schoolWide(ctx: RouteContext, q: ParsedQuery): PastoralRecord[] {
  const includePast = q.filters["includePastStudents"] === true;
  return ctx.store.pastoralAt(ctx.clock.now()).filter((p) => {
    if (!includePast && ctx.store.students.get(p.studentId)?.enrolmentStatus !== "current") return false;
    return matches(ctx, q, p);
  });
}

function listEvents(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, {
    paged: true,
    search: true,
    dateTimeRange: true,
    sort: SORTS,
    filters: EVENT_FILTERS,
  });
  return pageOf(schoolWide(ctx, q), q, sortValue(ctx), true).map((p) => pastoralView(ctx.store, p));
}

function summary(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, { search: true, dateTimeRange: true, filters: EVENT_FILTERS });
  const rows = new Map<
    string,
    { type: string; category: unknown; total: number; active: number; inactive: number }
  >();
  for (const p of schoolWide(ctx, q)) {
    const key = `${p.type}:${p.categoryId}`;
    const category = ctx.store.data.pastoralCategories.find((c) => c.id === p.categoryId);
    const row = rows.get(key) ?? {
      type: p.type,
      category: category ? { id: category.id, name: category.name } : null,
      total: 0,
      active: 0,
      inactive: 0,
    };
    row.total++;
    row[p.status]++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

function forStudent(type: PastoralRecord["type"]) {
  return (ctx: RouteContext): unknown => {
    const student = found(ctx.store.students, ctx.params["id"], "Student");
    const q = parseQuery(ctx.query, {
      paged: true,
      search: true,
      dateTimeRange: true,
      sort: SORTS,
      filters: COMMON_FILTERS,
    });
    const items = ctx.store
      .pastoralAt(ctx.clock.now())
      .filter((p) => p.studentId === student.id && p.type === type && matches(ctx, q, p));
    return pageOf(items, q, sortValue(ctx), true).map((p) => pastoralView(ctx.store, p));
  };
}

export const PASTORAL_ROUTES: Route[] = [
  route("pastoral/events", listEvents),
  route("pastoral/events/summary", summary),
  // The reference's sample answers a single event as a one-element list.
  route("pastoral/events/:id", (ctx) => {
    const record = found(ctx.store.pastoral, ctx.params["id"], "Pastoral event");
    if (Date.parse(record.dateTime) > ctx.clock.now())
      throw new ApiError(404, "not_found", `Pastoral event ${record.id} not found`);
    return [pastoralView(ctx.store, record)];
  }),
  route("pastoral/categories/:type", (ctx) => {
    const type = ctx.params["type"];
    if (type !== "wellbeing_event" && type !== "wellbeing_plan") {
      throw new ApiError(
        404,
        "not_found",
        "Pastoral category type must be wellbeing_event or wellbeing_plan",
      );
    }
    return ctx.store.data.pastoralCategories
      .filter((c) => c.type === type)
      .map((c) => ({
        id: c.id,
        name: c.name,
        position: c.position,
        system_value: false,
        color: c.color,
        sections: [],
        deleted_at: null,
      }));
  }),
  route("pastoral/severity-levels/:module", (ctx) => {
    if (ctx.params["module"] !== "wellbeing")
      throw new ApiError(404, "not_found", "Pastoral module must be wellbeing");
    return ctx.store.data.severityLevels.map((s) => ({
      id: s.id,
      name: s.name,
      position: s.position,
      color: s.color,
    }));
  }),
  route("students/:id/wellbeing-events", forStudent("wellbeing_event")),
  route("students/:id/wellbeing-plans", forStudent("wellbeing_plan")),
];
