import { attendanceTotals } from "../../domain/attendance.js";
/**
 * Attendance. HUBmis keeps registers per pupil, so a group costs one request per pupil plus its member
 * list: a form of 22 is about two minutes of a 12-a-minute budget. The answer says the cost up front, sends
 * progress as pupils complete, stops at the caller's deadline with what it has, and hands back a cursor.
 * Following the cursor reads the pupils already fetched from the shared cache (no upstream request) and
 * fetches only the rest, so the final answer covers the whole group. Past the deadline the rest goes on in
 * the background (src/upstream/background.ts) within the budget; asking again takes what it did meanwhile.
 * Each answer is cumulative: every pupil read so far, each once.
 */
import type { AttendanceQuery, AttendanceRecord, AttendanceResult, CallContext } from "../../domain/index.js";
import { RateLimitedError, TimeoutError, UserInputError } from "../../errors.js";
import { endOfLocalDay, localToday, startOfLocalDay } from "../../time/local.js";
import { scopeKey } from "../common/call.js";
import { checkRange as checkSharedRange } from "../common/range.js";
import { keepMatching, readEach, sameId } from "../common/trust.js";
import type { CacheChoice, Query } from "./api.js";
import { decodeCursor, encodeCursor, fingerprint } from "./cursor.js";
import { ENROLMENT_STATUS, LIMITS, PATHS, PROVIDER, Q, TIME_ZONE } from "./endpoints.js";
import { type Codes, mapAttendance } from "./map-attendance.js";
import { readAll } from "./paging.js";
import { unlessContradicted } from "./recheck.js";
import { type GroupRef, resolveGroup, type SchoolGroups } from "./reference.js";
import { mayHoldRegisters, registerNotes, whyNoRegisters } from "./register-notes.js";
import type { StudentDeps } from "./students.js";
import { inGroup, studentIdOf } from "./students.js";
import { listItems } from "./wire.js";
import { AttendanceWire } from "./wire-attendance.js";
import { StudentWire } from "./wire-people.js";

/** Keep this much of the deadline for mapping and answering. */
const DEADLINE_MARGIN_MS = 250;
/** Requests a group fetch keeps in flight; the rate limiter decides when each really starts. */
const PARALLEL = 4;

interface Member {
  id: string;
  name: string;
}

export function checkRange(from: string, to: string): void {
  checkSharedRange(from, to, "HUBmis");
}

/** Past registers rarely change; today's may still be taken, so they are kept for a shorter time. */
function cacheFor(to: string, today: string): CacheChoice {
  return to >= today ? { kind: "history", ttlMs: 15 * 60_000 } : { kind: "history", ttlMs: 60 * 60_000 };
}

/**
 * A range of London days as the API's date-time filter: the first instant of the first day and the last
 * second of the last, each with London's offset, so both ends are included whatever the season.
 */
export function dayRangeQuery(from: string, to: string): Query {
  return {
    [Q.dateTimeFrom]: startOfLocalDay(from, TIME_ZONE),
    [Q.dateTimeTo]: endOfLocalDay(to, TIME_ZONE),
  };
}

function attendanceQuery(q: AttendanceQuery): Query {
  const query: Query = dayRangeQuery(q.from, q.to);
  if (q.session) query[Q.filter("attendanceSession")] = q.session;
  return query;
}

export async function getAttendance(
  deps: StudentDeps,
  q: AttendanceQuery,
  ctx: CallContext,
): Promise<AttendanceResult> {
  checkRange(q.from, q.to);
  if (q.session !== undefined && q.session !== "am" && q.session !== "pm") {
    throw new UserInputError('session must be "am" or "pm"', "session");
  }
  const today = localToday(deps.clock, TIME_ZONE);
  if (q.studentId) {
    const id = studentIdOf(q.studentId);
    const codes = await deps.reference.codes(ctx);
    const data = await deps.api.getOr404(
      PATHS.studentAttendance(id),
      attendanceQuery(q),
      cacheFor(q.to, today),
      ctx,
      `student with id ${id}`,
    );
    const records = readRegisters([{ member: { id, name: "" }, data }], codes, q, deps, ctx);
    deps.absentees?.note(records);
    const result: AttendanceResult = { records, totals: attendanceTotals(records) };
    const notes = await registerNotes(deps, q, records, today, ctx);
    if (notes.length > 0) result.notes = notes;
    return result;
  }
  if (!q.groupId)
    throw new UserInputError("give a studentId, or a groupId such as a form (9R) or year group", "groupId");
  const groups = await deps.reference.groups(ctx);
  const group = resolveGroup(groups, q.groupId, "groupId");
  return groupAttendance(deps, q, group, groups, today, ctx);
}

const REGISTERS = "register marks";

interface Answered {
  member: Member;
  data: unknown;
}

/**
 * Register marks out of each pupil's answer, read together so one answer's unreadable marks are counted
 * with the rest. The date range, the session and the pupil are all sent as filters, and applied again:
 * a mark outside the range, of another session or of another pupil is left out and counted.
 */
function readRegisters(
  answers: readonly Answered[],
  codes: Codes,
  q: AttendanceQuery,
  deps: StudentDeps,
  ctx: CallContext,
): AttendanceRecord[] {
  const raws = answers.flatMap((a) => listItems(a.data, REGISTERS).map((raw) => ({ raw, member: a.member })));
  const read = readEach(
    raws,
    (pair) => {
      const { raw, member } = pair as (typeof raws)[number];
      const parsed = AttendanceWire.safeParse(raw);
      if (!parsed.success) return undefined;
      const record = mapAttendance(parsed.data, member.id, codes, deps.connection, member.name || undefined);
      return record && { record, student: parsed.data.student?.id };
    },
    REGISTERS,
    ctx,
    PROVIDER,
  );
  return keepMatching(
    read,
    ({ record, student }) =>
      record.date >= q.from &&
      record.date <= q.to &&
      (q.session === undefined || record.session === undefined || record.session === q.session) &&
      unlessContradicted(student === undefined ? undefined : sameId(student, record.studentId)),
    REGISTERS,
    ctx,
  ).map((r) => r.record);
}

/**
 * The group's current pupils (sorted by id, so a cursor's position is stable) and what listing them cost.
 * A year group is a filtered pupil list, read to its end and checked against the year group and status;
 * forms, tutor groups and houses have their own member lists.
 */
async function members(
  deps: StudentDeps,
  group: GroupRef,
  groups: SchoolGroups,
  ctx: CallContext,
): Promise<{ people: Member[]; requests: number }> {
  const directory = { kind: "directory" } as const;
  const tally = { requests: 0 };
  const what = "student records";
  let raws: unknown[];
  if (group.kind === "year_group") {
    const query = { [Q.filter("yearGroup")]: group.id, [Q.filter("enrolmentStatus")]: "current" };
    const all = await readAll(deps, PATHS.students, query, { what, cache: directory, tally }, ctx);
    if (!all.complete) {
      throw new RateLimitedError(
        PROVIDER,
        estimateSeconds(deps, 1),
        `the budget ran out while listing ${group.name}'s pupils`,
      );
    }
    raws = all.raws;
  } else {
    const path =
      group.kind === "form"
        ? PATHS.formStudents(group.id)
        : group.kind === "tutor_group"
          ? PATHS.tutorGroupStudents(group.id)
          : PATHS.houseStudents(group.id);
    raws = listItems(await deps.api.get(path, {}, directory, ctx, tally), what);
  }
  const pupils = readEach(
    raws,
    (raw) => {
      const parsed = StudentWire.safeParse(raw);
      return parsed.success ? parsed.data : undefined;
    },
    what,
    ctx,
    PROVIDER,
  );
  const kept = keepMatching(
    pupils,
    (s) =>
      unlessContradicted(inGroup(s, group, groups.index)) &&
      unlessContradicted(
        s.enrolment_status === undefined ? undefined : ENROLMENT_STATUS[s.enrolment_status] === "current",
      ),
    what,
    ctx,
  );
  const people = [...new Map(kept.map((s) => [s.id, s])).values()]
    .map((s) => ({ id: s.id, name: `${s.preferred_name || s.first_name} ${s.last_name}` }))
    .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
  return { people, requests: tally.requests };
}

function minutesAt12(requests: number): string {
  const minutes = requests / LIMITS.perMinute;
  if (minutes < 1) return "under a minute";
  return `≈ ${Math.round(minutes * 2) / 2} min`;
}

async function groupAttendance(
  deps: StudentDeps,
  q: AttendanceQuery,
  group: GroupRef,
  groups: SchoolGroups,
  today: string,
  ctx: CallContext,
): Promise<AttendanceResult> {
  const key = fingerprint(["attendance", group.kind, group.id, q.from, q.to, q.session]);
  const resumeAt = decodeCursor(q.cursor, key)?.p ?? 0;
  // A range without a school day so far (a weekend, a holiday, the future) has no registers: say so without
  // spending a request per pupil.
  if (!(await mayHoldRegisters(deps, q.from, q.to, today, ctx))) {
    return {
      records: [],
      totals: attendanceTotals([]),
      notes: [await whyNoRegisters(deps, q.from, q.to, today, ctx)],
    };
  }
  const [codes, { people, requests: listRequests }] = await Promise.all([
    deps.reference.codes(ctx),
    members(deps, group, groups, ctx),
  ]);
  const query = attendanceQuery(q);
  const cache = cacheFor(q.to, today);
  const path = (m: Member) => PATHS.studentAttendance(m.id);
  const cached = await Promise.all(people.map((m) => deps.api.isCached(path(m), query, cache, ctx)));
  const toFetch = cached.filter((c) => !c).length;
  const cost = toFetch + listRequests;
  const notes = [
    `${group.name}: ${people.length} pupils. HUBmis keeps registers per pupil, so this needs ${cost} upstream ` +
      `request${cost === 1 ? "" : "s"} (the member list and one per pupil` +
      `${toFetch < people.length ? `; ${people.length - toFetch} pupils already cached` : ""}), ` +
      `${minutesAt12(cost)} at ${LIMITS.perMinute} requests a minute.`,
  ];
  if (resumeAt > 0)
    notes.push(
      `Continuing from pupil ${resumeAt + 1} of ${people.length}; the first ${resumeAt} come from the cache.`,
    );

  const done: boolean[] = people.map(() => false);
  const answers: Array<Answered | undefined> = people.map(() => undefined);
  // What the background went on to fetch since the last answer to this question is not asked for again.
  const jobKey = `${key}#${scopeKey(ctx)}`;
  deps.background?.takeOver(jobKey);
  const meanwhile = deps.background?.results(jobKey) ?? new Map<string, unknown>();
  people.forEach((member, index) => {
    if (!meanwhile.has(member.id)) return;
    answers[index] = { member, data: meanwhile.get(member.id) };
    done[index] = true;
    cached[index] = true;
  });
  let stopped: "deadline" | "rate_limited" | "timeout" | undefined;
  // Pupils seen absent before go first, so a partial answer holds the likeliest absences.
  const order = deps.absentees?.order(people.map((m) => m.id)) ?? people.map((_, i) => i);
  let next = 0;
  let completed = done.filter(Boolean).length;
  const mayStart = (index: number): boolean => {
    if (stopped || ctx.signal?.aborted) return false;
    if (ctx.deadline === undefined || cached[index]) return true;
    const budget = deps.api.client.budget();
    if (Date.now() + budget.nextSlotInMs + DEADLINE_MARGIN_MS <= ctx.deadline) return true;
    stopped = "deadline";
    return false;
  };
  const worker = async () => {
    for (;;) {
      while (next < order.length && done[order[next] as number]) next++;
      const index = order[next] ?? people.length;
      if (index >= people.length || !mayStart(index)) return;
      next++;
      const member = people[index] as Member;
      try {
        answers[index] = { member, data: await deps.api.get(path(member), query, cache, ctx) };
        done[index] = true;
        completed++;
        ctx.progress?.(
          completed,
          people.length,
          `attendance for ${group.name}: ${completed} of ${people.length} pupils`,
        );
      } catch (error) {
        if (!(error instanceof RateLimitedError || error instanceof TimeoutError)) throw error;
        stopped ??= error instanceof RateLimitedError ? "rate_limited" : "timeout";
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, people.length) }, worker));
  const already = done.filter(Boolean).length;
  const left = order.filter((i) => !done[i]).map((i) => people[i] as Member);
  const background = left.length > 0 && stopped !== "timeout" ? deps.background : undefined;
  if (background) {
    // No deadline and no caller's signal: the rate limiter (and the caller's fair share) paces the rest.
    const { signal: _signal, deadline: _deadline, progress: _progress, report: _report, ...rest } = ctx;
    const byId = new Map(left.map((m) => [m.id, m]));
    background.continueInBackground(
      jobKey,
      left.map((m) => m.id),
      (id) => deps.api.get(path(byId.get(id) ?? { id, name: "" }), query, cache, rest),
    );
  }

  const records = readRegisters(
    answers.filter((a): a is Answered => a !== undefined),
    codes,
    q,
    deps,
    ctx,
  );
  deps.absentees?.note(records);
  const byPupil = people.map((m) => records.filter((r) => r.studentId === m.id));
  const result: AttendanceResult = { records, totals: attendanceTotals(records), notes };
  if (done.every(Boolean) && people.length > 0)
    notes.push(...(await registerNotes(deps, q, records, today, ctx)));
  const absences = summariseAbsences(people, byPupil);
  if (absences) notes.push(absences);
  const firstMissing = done.indexOf(false);
  if (firstMissing >= 0) {
    const remaining = done.filter((d, i) => !d && !cached[i]).length;
    result.continuation = {
      cursor: encodeCursor({ k: key, p: firstMissing, o: 0 }),
      remainingRequests: remaining,
      estimatedSeconds: estimateSeconds(deps, remaining),
      reason: stopReasons(stopped, completed, people.length),
    };
    const seconds = result.continuation.estimatedSeconds;
    notes.push(
      `Partial answer: ${already} of ${people.length} pupils. ` +
        (background
          ? `The other ${people.length - already} are being fetched in the background within the budget: about ${seconds} s; ask again with this cursor. `
          : `Call again with the cursor to fetch the other ${people.length - already} (${remaining} requests, about ${seconds} s). `) +
        "Each answer holds every pupil read so far, each once; the last is the whole answer.",
    );
  }
  return result;
}

function stopReasons(stopped: string | undefined, completed: number, total: number): string {
  const progress = `${completed} of ${total} pupils done`;
  if (stopped === "deadline")
    return `deadline reached: HUBmis's rate limit allowed no further request in time (${progress})`;
  if (stopped === "rate_limited")
    return `HUBmis's rate limit would make the next request wait too long (${progress})`;
  if (stopped === "timeout") return `HUBmis stopped answering in time (${progress})`;
  return `stopped early (${progress})`;
}

function summariseAbsences(people: Member[], byPupil: AttendanceRecord[][]): string | undefined {
  const rows = people
    .map((m, i) => ({ name: m.name, absent: attendanceTotals(byPupil[i] ?? []).absent }))
    .filter((r) => r.absent > 0)
    .sort((a, b) => b.absent - a.absent || a.name.localeCompare(b.name));
  if (rows.length === 0) return undefined;
  const shown = rows.slice(0, 20).map((r) => `${r.name} ${r.absent}`);
  return `Absent sessions by pupil: ${shown.join(", ")}${rows.length > shown.length ? `, and ${rows.length - shown.length} more` : ""}.`;
}

/** Seconds until `requests` more could be sent, from the rate limiter's own view of the budget. */
export function estimateSeconds(deps: StudentDeps, requests: number): number {
  if (requests <= 0) return 0;
  const budget = deps.api.client.budget();
  const beyond = Math.max(0, requests - budget.remaining);
  const ms = (beyond > 0 ? budget.nextSlotInMs : 0) + (beyond * 60_000) / Math.max(budget.perMinute, 1e-9);
  return Math.max(1, Math.ceil(ms / 1000));
}
