/**
 * Wellbeing (pastoral) events and plans: school-wide through /pastoral/events with its filters, or one pupil's
 * through /students/{id}/wellbeing-events|plans. Most severe first; narrative detail only with sensitive:read.
 * The answers hold that narrative, so they are cached only where the configuration allows sensitive data.
 */
import type { CallContext, Page, WellbeingEvent, WellbeingQuery } from "../../domain/index.js";
import { NotFoundError, UserInputError } from "../../errors.js";
import type { Query } from "./api.js";
import { checkRange, dayRangeQuery } from "./attendance.js";
import { decodeCursor, encodeCursor, fingerprint } from "./cursor.js";
import { PAGE_SIZE, PATHS, Q } from "./endpoints.js";
import { mapWellbeing } from "./map.js";
import { normalise, type Pastoral, resolveGroup } from "./reference.js";
import { PastoralWire, parseList } from "./schemas.js";
import { clampLimit, collectPages, resolveStaff } from "./staff.js";
import { type StudentDeps, studentIdOf } from "./students.js";

const SENSITIVE = { kind: "sensitive" } as const;
const STATUS: Record<string, "active" | "inactive"> = {
  active: "active",
  open: "active",
  inactive: "inactive",
  closed: "inactive",
};

function bySeverityThenDate(a: WellbeingEvent, b: WellbeingEvent): number {
  return (
    (b.severityRank ?? 0) - (a.severityRank ?? 0) || b.date.localeCompare(a.date) || a.id.localeCompare(b.id)
  );
}

function pick<T extends { id: string; name: string }>(items: T[], input: string, field: string): T {
  const trimmed = input.trim();
  const found = items.find((i) => i.id === trimmed || normalise(i.name) === normalise(trimmed));
  if (found) return found;
  throw new UserInputError(
    `No ${field} matches "${trimmed.slice(0, 60)}". Valid values: ${[...new Set(items.map((i) => i.name))].join(", ")}.`,
    field,
  );
}

async function filters(
  deps: StudentDeps,
  q: WellbeingQuery,
  pastoral: Pastoral,
  ctx: CallContext,
): Promise<Query> {
  const query: Query = {};
  if (q.from || q.to) {
    checkRange(q.from ?? q.to ?? "", q.to ?? q.from ?? "");
    // London days, both ends included: the first instant of `from` and the last second of `to`.
    const range = dayRangeQuery(q.from ?? q.to ?? "", q.to ?? q.from ?? "");
    if (q.from) query[Q.dateTimeFrom] = range[Q.dateTimeFrom];
    if (q.to) query[Q.dateTimeTo] = range[Q.dateTimeTo];
  }
  if (q.category) {
    const categories = pastoral.categories.filter((c) => q.type === undefined || c.type === q.type);
    query[Q.filter("category")] = pick(categories, q.category, "category").id;
  }
  if (q.severity) query[Q.filter("severity")] = pick(pastoral.severities, q.severity, "severity").id;
  if (q.status) {
    const status = STATUS[q.status.trim().toLowerCase()];
    if (!status)
      throw new UserInputError("status must be one of active (open) or inactive (closed)", "status");
    query[Q.filter("status")] = status;
  }
  if (q.assignedTo) query[Q.filter("assignedTo")] = await resolveStaff(deps, q.assignedTo, "assignedTo", ctx);
  return query;
}

export async function listWellbeingEvents(
  deps: StudentDeps,
  q: WellbeingQuery,
  ctx: CallContext,
): Promise<Page<WellbeingEvent>> {
  if (q.type !== undefined && q.type !== "event" && q.type !== "plan") {
    throw new UserInputError('type must be "event" or "plan"', "type");
  }
  const sensitive = ctx.scopes.has("sensitive:read");
  const pastoral = await deps.reference.pastoral(ctx);
  const query = await filters(deps, q, pastoral, ctx);
  const limit = clampLimit(q.limit, 50);
  const map = (data: unknown) =>
    parseList(data, PastoralWire, "the wellbeing records", deps.logger)
      .map((w) => mapWellbeing(w, deps.connection, sensitive))
      .filter((e): e is WellbeingEvent => e !== undefined);

  if (q.studentId) {
    const id = studentIdOf(q.studentId);
    const types = q.type === undefined ? (["event", "plan"] as const) : ([q.type] as const);
    const all: WellbeingEvent[] = [];
    for (const type of types) {
      const path = type === "event" ? PATHS.studentWellbeingEvents(id) : PATHS.studentWellbeingPlans(id);
      for (let page = 1; ; page++) {
        const data = await deps.api.page(path, query, page, SENSITIVE, ctx).catch((error: unknown) => {
          throw error instanceof NotFoundError
            ? new NotFoundError(`HUBmis has no student with id ${id}.`)
            : error;
        });
        const batch = map(data);
        all.push(...batch);
        if (Array.isArray(data) ? data.length < PAGE_SIZE : batch.length < PAGE_SIZE) break;
      }
    }
    all.sort(bySeverityThenDate);
    const key = fingerprint(["wellbeing-student", id, q.type, ...Object.entries(query).sort().flat()]);
    const offset = decodeCursor(q.cursor, key)?.o ?? 0;
    const items = all.slice(offset, offset + limit);
    const used = offset + items.length;
    return used < all.length ? { items, nextCursor: encodeCursor({ k: key, p: 0, o: used }) } : { items };
  }

  const groups = q.yearGroup || q.form ? await deps.reference.groups(ctx) : undefined;
  if (groups && q.yearGroup)
    query[Q.filter("yearGroup")] = resolveGroup(groups, q.yearGroup, "yearGroup", ["year_group"]).id;
  if (groups && q.form) query[Q.filter("form")] = resolveGroup(groups, q.form, "form", ["form"]).id;
  if (q.type) query[Q.filter("type")] = q.type === "event" ? "wellbeing_event" : "wellbeing_plan";
  if (q.includePastStudents) query[Q.filter("includePastStudents")] = true;
  query[Q.sort("severity")] = "desc";
  const key = fingerprint(["wellbeing", ...Object.entries(query).sort().flat()]);
  const page = await collectPages(
    deps,
    PATHS.pastoralEvents,
    query,
    { limit, cursor: q.cursor, key, cache: SENSITIVE },
    (data) => parseList(data, PastoralWire, "the wellbeing records", deps.logger),
    (w) => mapWellbeing(w, deps.connection, sensitive),
    ctx,
  );
  page.items.sort(bySeverityThenDate);
  return page;
}
