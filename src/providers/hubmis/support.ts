/**
 * The learning support (SEN) list, "Learning Support Records: List" (an extra module), by year group. It is
 * sensitive throughout, so it is read only under sensitive:read and kept in the sensitive cache. The year
 * group filter is documented and sent as the group's id; it is checked again on every record that names a
 * year group, and a record the filter contradicts is counted and left out.
 */
import { z } from "zod";
import type { CallContext, LearningSupportList, LearningSupportRecord } from "../../domain/index.js";
import { ForbiddenError } from "../../errors.js";
import { keepMatching, readEach, withAliases } from "../common/trust.js";
import { Id } from "../common/wire.js";
import type { Query } from "./api.js";
import { PATHS, PROVIDER, Q } from "./endpoints.js";
import { isoDay, personName } from "./map.js";
import { readAll } from "./paging.js";
import { normalise, resolveGroup } from "./reference.js";
import type { StudentDeps } from "./students.js";
import { Flag, PersonRef, Ref, refName, Words } from "./wire.js";

const SupportWire = withAliases(
  {
    learning_support_type: ["type", "need", "learning_support_type_name"],
    learning_support_date: ["start_date", "date", "date_from"],
    student: ["pupil"],
    student_id: ["pupil_id"],
    year_group: ["year_group_id"],
  },
  z.object({
    id: Id,
    description: Words,
    ehcp: Flag,
    ehcp_date: Words,
    learning_support_date: Words,
    learning_support_type: Ref,
    severity: Ref,
    status: Ref,
    student: z.union([PersonRef, z.undefined()]).catch(undefined),
    student_id: Id.optional().catch(undefined),
    student_name: Words,
    year_group: Ref,
  }),
);
type SupportWire = z.infer<typeof SupportWire>;

const WHAT = "learning support records";
const SENSITIVE = { kind: "sensitive" } as const;

/** The year group a record names: on the pupil (`student.year_group`) or beside it. */
function yearOf(raw: unknown): unknown {
  const student = (raw as { student?: { year_group?: unknown }; pupil?: { year_group?: unknown } }) ?? {};
  return student.student?.year_group ?? student.pupil?.year_group;
}

export async function listLearningSupport(
  deps: StudentDeps,
  q: { yearGroup?: string; search?: string },
  ctx: CallContext,
): Promise<LearningSupportList> {
  if (!ctx.scopes.has("sensitive:read"))
    throw new ForbiddenError(
      "the learning support list is sensitive: it needs the sensitive:read scope on both your access and the connection.",
    );
  const groups = await deps.reference.groups(ctx);
  const year = q.yearGroup ? resolveGroup(groups, q.yearGroup, "yearGroup", ["year_group"]) : undefined;
  const query: Query = {};
  if (year) query[Q.filter("yearGroup")] = year.id;
  const search = q.search?.trim().slice(0, 100);
  if (search) query[Q.search] = search;
  const { raws, complete } = await readAll(
    deps,
    PATHS.learningSupport,
    query,
    { what: WHAT, cache: SENSITIVE },
    ctx,
  );
  const read = readEach(
    raws,
    (raw: unknown) => {
      const parsed = SupportWire.safeParse(raw);
      return parsed.success ? { raw, wire: parsed.data } : undefined;
    },
    WHAT,
    ctx,
    PROVIDER,
  );
  const named = (w: SupportWire, raw: unknown) => {
    const ref = w.year_group ?? Ref.parse(yearOf(raw));
    return refName(ref) ?? groups.index.yearGroup(ref?.id);
  };
  const inYear = keepMatching(
    read,
    (r) => {
      const name = named(r.wire, r.raw);
      return !year || name === undefined || year.keys.includes(normalise(name));
    },
    WHAT,
    ctx,
  );
  const needle = search ? normalise(search) : undefined;
  const records = inYear
    .map((r) => mapSupport(r.wire, named(r.wire, r.raw), deps.connection))
    .filter((r): r is LearningSupportRecord => r !== undefined);
  const matching = needle
    ? keepMatching(
        records,
        (r) => normalise(`${r.studentName ?? ""} ${r.need ?? ""} ${r.description ?? ""}`).includes(needle),
        WHAT,
        ctx,
      )
    : records;
  return {
    records: matching.sort((a, b) =>
      (a.studentName ?? a.studentId).localeCompare(b.studentName ?? b.studentId),
    ),
    complete,
  };
}

function mapSupport(
  w: SupportWire,
  yearGroup: string | undefined,
  connection: string,
): LearningSupportRecord | undefined {
  const studentId = w.student?.id ?? w.student_id;
  if (!studentId) return undefined;
  const out: LearningSupportRecord = { connection, id: w.id, studentId };
  const name = w.student_name ?? (w.student ? personName(w.student) : undefined);
  if (name) out.studentName = name;
  if (yearGroup) out.yearGroup = yearGroup;
  const need = refName(w.learning_support_type);
  if (need) out.need = need;
  if (w.description) out.description = w.description;
  const severity = refName(w.severity);
  if (severity) out.severity = severity;
  const status = refName(w.status);
  if (status) out.status = status;
  if (w.ehcp !== undefined) out.ehcp = w.ehcp;
  const ehcpDate = isoDay(w.ehcp_date);
  if (ehcpDate) out.ehcpDate = ehcpDate;
  const since = isoDay(w.learning_support_date);
  if (since) out.since = since;
  return out;
}
