/**
 * Wellbeing (pastoral) events and plans: school-wide through /pastoral/events with its filters, or one pupil's
 * through /students/{id}/wellbeing-events|plans. Most severe first; narrative detail only with sensitive:read.
 * The answers hold that narrative: without sensitive:read they are read and cached without it
 * (projection.ts); with it, cached only where the configuration allows sensitive data.
 *
 * This is safeguarding data, where "no concerns" is the most harmful wrong answer, so nothing here trusts
 * the server to have filtered, sorted or paged as asked: the reference names its filters but not its
 * date-range filter nor its sort fields, nor what a record looks like. Every list is read to its end and
 * sorted here; every filter sent is applied again to the records; a record that cannot be read is counted
 * in the answer, and an answer whose every record is unreadable is an error, never "none".
 */
import type { CallContext, Page, WellbeingEvent, WellbeingQuery } from "../../domain/index.js";
import { NotFoundError, UserInputError } from "../../errors.js";
import { isRecord, keepMatching, readEach, sameId } from "../common/trust.js";
import type { Query } from "./api.js";
import { checkRange, dayRangeQuery } from "./attendance.js";
import { decodeCursor, encodeCursor, fingerprint } from "./cursor.js";
import { PATHS, PROVIDER, Q } from "./endpoints.js";
import { mapWellbeing, pastoralStatus, type WellbeingContext, type WellbeingRead } from "./map-pastoral.js";
import { readAll } from "./paging.js";
import { wellbeingCache } from "./projection.js";
import { unlessContradicted } from "./recheck.js";
import { type GroupRef, normalise, type Pastoral, resolveGroup } from "./reference.js";
import { clampLimit, resolveStaff } from "./staff.js";
import { type StudentDeps, studentIdOf } from "./students.js";
import type { Ref } from "./wire.js";
import { PastoralWire } from "./wire-pastoral.js";

const WHAT = "wellbeing records";
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

/** The question as filters to send and the same question to ask of each record that comes back. */
interface Asked {
  query: Query;
  from?: string;
  to?: string;
  type?: WellbeingEvent["type"];
  category?: { id: string; name: string };
  severity?: { id: string; name: string };
  status?: "active" | "inactive";
  assignedTo?: string;
  yearGroup?: GroupRef;
  form?: GroupRef;
  includePast: boolean;
  studentId?: string;
}

async function ask(
  deps: StudentDeps,
  q: WellbeingQuery,
  pastoral: Pastoral,
  ctx: CallContext,
): Promise<Asked> {
  const asked: Asked = { query: {}, includePast: q.includePastStudents === true };
  const query = asked.query;
  if (q.from || q.to) {
    checkRange(q.from ?? q.to ?? "", q.to ?? q.from ?? "");
    // London days, both ends included: the first instant of `from` and the last second of `to`.
    const range = dayRangeQuery(q.from ?? q.to ?? "", q.to ?? q.from ?? "");
    if (q.from) {
      query[Q.dateTimeFrom] = range[Q.dateTimeFrom];
      asked.from = q.from;
    }
    if (q.to) {
      query[Q.dateTimeTo] = range[Q.dateTimeTo];
      asked.to = q.to;
    }
  }
  if (q.type) asked.type = q.type;
  if (q.category) {
    const categories = pastoral.categories.filter((c) => q.type === undefined || c.type === q.type);
    asked.category = pick(categories, q.category, "category");
    query[Q.filter("category")] = asked.category.id;
  }
  if (q.severity) {
    asked.severity = pick(pastoral.severities, q.severity, "severity");
    query[Q.filter("severity")] = asked.severity.id;
  }
  if (q.status) {
    const status = STATUS[q.status.trim().toLowerCase()];
    if (!status)
      throw new UserInputError("status must be one of active (open) or inactive (closed)", "status");
    asked.status = status;
    query[Q.filter("status")] = status;
  }
  if (q.assignedTo) {
    asked.assignedTo = await resolveStaff(deps, q.assignedTo, "assignedTo", ctx);
    query[Q.filter("assignedTo")] = asked.assignedTo;
  }
  return asked;
}

/**
 * Whether a record answers the question, by what it carries. What a record does not carry (a pupil's
 * year group, say) cannot contradict a documented filter; the date, which is sent under a name the
 * reference does not give, is always checked, since every readable record has one.
 */
function answers(asked: Asked, read: WellbeingRead): boolean {
  const e = read.event;
  const sameGroup = (group: GroupRef | undefined, id: string | undefined, name: string | undefined) => {
    if (!group) return true;
    if (id !== undefined) return sameId(id, group.id);
    return unlessContradicted(name === undefined ? undefined : group.keys.includes(normalise(name)));
  };
  const category = asked.category;
  const severity = asked.severity;
  return (
    (asked.from === undefined || e.date >= asked.from) &&
    (asked.to === undefined || e.date <= asked.to) &&
    (asked.type === undefined || e.type === asked.type) &&
    (asked.studentId === undefined || sameId(e.studentId, asked.studentId)) &&
    (!category ||
      (read.categoryId !== undefined
        ? sameId(read.categoryId, category.id)
        : e.category === category.name)) &&
    (!severity ||
      (read.severityId !== undefined
        ? sameId(read.severityId, severity.id)
        : unlessContradicted(e.severity === undefined ? undefined : e.severity === severity.name))) &&
    (asked.status === undefined || pastoralStatus(e.status) === asked.status) &&
    (asked.assignedTo === undefined ||
      read.assignedIds.length === 0 ||
      read.assignedIds.some((id) => sameId(id, asked.assignedTo))) &&
    sameGroup(asked.yearGroup, read.yearGroupId, e.yearGroup) &&
    sameGroup(asked.form, read.formId, e.form) &&
    (asked.includePast || read.enrolment === undefined || read.enrolment === "current")
  );
}

/** Reads records, counting the unreadable, and keeps those that answer the question. */
function readRecords(raws: readonly unknown[], asked: Asked, context: WellbeingContext, ctx: CallContext) {
  const read = readEach(
    raws,
    (raw) => {
      const parsed = PastoralWire.safeParse(raw);
      return parsed.success ? mapWellbeing(parsed.data, context) : undefined;
    },
    WHAT,
    ctx,
    PROVIDER,
  );
  return keepMatching(read, (r) => answers(asked, r), WHAT, ctx).map((r) => r.event);
}

/** Whether the records name a pupil's form or year group by id alone, so the group list is needed. */
function needsGroups(raws: readonly unknown[]): boolean {
  const unnamed = (ref: Ref) => ref !== null && ref !== undefined && !ref.code && !ref.name;
  return raws.some((raw) => {
    const parsed = PastoralWire.safeParse(raw);
    const student = parsed.success ? parsed.data.student : undefined;
    return (
      Boolean(student) && (unnamed(student?.form) || unnamed(student?.year_group) || !student?.year_group)
    );
  });
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
  const asked = await ask(deps, q, pastoral, ctx);
  const limit = clampLimit(q.limit, 50);
  const context = (extra: Partial<WellbeingContext>, groups?: WellbeingContext["groups"]) => ({
    connection: deps.connection,
    sensitive,
    pastoral,
    ...(groups ? { groups } : {}),
    ...extra,
  });

  if (q.id !== undefined) return { items: await oneEvent(deps, q.id, context({}), ctx), total: 1 };

  if (q.studentId) {
    const id = studentIdOf(q.studentId);
    asked.studentId = id;
    const types = q.type === undefined ? (["event", "plan"] as const) : ([q.type] as const);
    const events: WellbeingEvent[] = [];
    for (const type of types) {
      const path = type === "event" ? PATHS.studentWellbeingEvents(id) : PATHS.studentWellbeingPlans(id);
      const { raws } = await readAll(
        deps,
        path,
        asked.query,
        { what: WHAT, cache: wellbeingCache(ctx) },
        ctx,
      ).catch((error: unknown) => {
        throw error instanceof NotFoundError
          ? new NotFoundError(`HUBmis has no student with id ${id}.`)
          : error;
      });
      const groups = needsGroups(raws) ? (await deps.reference.groups(ctx)).index : undefined;
      events.push(...readRecords(raws, asked, context({ type, studentId: id }, groups), ctx));
    }
    const key = fingerprint(["wellbeing-student", id, q.type, ...Object.entries(asked.query).sort().flat()]);
    return slice(events, key, q.cursor, limit);
  }

  const groups = q.yearGroup || q.form ? await deps.reference.groups(ctx) : undefined;
  const query = asked.query;
  if (groups && q.yearGroup) {
    asked.yearGroup = resolveGroup(groups, q.yearGroup, "yearGroup", ["year_group"]);
    query[Q.filter("yearGroup")] = asked.yearGroup.id;
  }
  if (groups && q.form) {
    asked.form = resolveGroup(groups, q.form, "form", ["form"]);
    query[Q.filter("form")] = asked.form.id;
  }
  if (q.type) query[Q.filter("type")] = q.type === "event" ? "wellbeing_event" : "wellbeing_plan";
  if (q.includePastStudents) query[Q.filter("includePastStudents")] = true;
  const key = fingerprint(["wellbeing", ...Object.entries(query).sort().flat()]);
  // The list is sorted here, so it is read whole from the cursor's upstream page on (all of it, usually).
  const start = decodeCursor(q.cursor, key) ?? { k: key, p: 1, o: 0 };
  const run = await readAll(
    deps,
    PATHS.pastoralEvents,
    query,
    { what: WHAT, cache: wellbeingCache(ctx), from: start.p },
    ctx,
  );
  const index =
    groups?.index ?? (needsGroups(run.raws) ? (await deps.reference.groups(ctx)).index : undefined);
  const events = readRecords(run.raws, asked, context({}, index), ctx).sort(bySeverityThenDate);
  const items = events.slice(start.o, start.o + limit);
  const returned = (start.n ?? 0) + items.length;
  if (start.o + limit < events.length) {
    return { items, nextCursor: encodeCursor({ k: key, p: start.p, o: start.o + limit, n: returned }) };
  }
  if (!run.complete) {
    // Cut short by the budget: the rest is read, and sorted, from where this stopped.
    return { items, nextCursor: encodeCursor({ k: key, p: run.nextPage, o: 0, n: returned }) };
  }
  return { items, total: returned };
}

/** One answer's worth of a list already read whole and sorted. */
function slice(
  events: WellbeingEvent[],
  key: string,
  cursor: string | undefined,
  limit: number,
): Page<WellbeingEvent> {
  events.sort(bySeverityThenDate);
  const offset = decodeCursor(cursor, key)?.o ?? 0;
  const items = events.slice(offset, offset + limit);
  const used = offset + items.length;
  return used < events.length
    ? { items, nextCursor: encodeCursor({ k: key, p: 0, o: used, n: used }) }
    : { items, total: events.length };
}

/**
 * One pastoral record by id (GET /pastoral/events/{id}): the reference's sample is a one-element list; a
 * bare object or `{data: ...}` is read too. Asked for by id, it is shown whatever its pupil's status, and
 * with narrative detail only under sensitive:read, as every list is.
 */
async function oneEvent(
  deps: StudentDeps,
  input: string,
  context: WellbeingContext,
  ctx: CallContext,
): Promise<WellbeingEvent[]> {
  const id = input.trim();
  if (!/^\d{1,12}$/.test(id)) throw new UserInputError("id must be a pastoral record id (digits)", "id");
  const what = `pastoral record with id ${id}`;
  const data = await deps.api.getOr404(PATHS.pastoralEvent(id), {}, wellbeingCache(ctx), ctx, what);
  const inner = isRecord(data) && "data" in data ? data["data"] : data;
  const raws = Array.isArray(inner) ? inner : [inner];
  const index = needsGroups(raws) ? (await deps.reference.groups(ctx)).index : undefined;
  const events = readRecords(
    raws,
    { query: {}, includePast: true },
    { ...context, ...(index ? { groups: index } : {}) },
    ctx,
  );
  const found = keepMatching(events, (e) => sameId(e.id, id), WHAT, ctx);
  if (found.length === 0) throw new NotFoundError(`HUBmis has no readable ${what}.`);
  return found;
}
