import type { AttendanceRecord, AttendanceTotals } from "../../domain/attendance.js";
import type {
  AttendanceQuery,
  AttendanceResult,
  CallContext,
  RecordAttendanceInput,
  RecordAttendanceResult,
} from "../../domain/connector.js";
import { ConflictError, MissingUpstreamScopeError, UserInputError } from "../../errors.js";
import type { Clock } from "../../time/clock.js";
import { daysBetween, localToday } from "../../time/local.js";
import type { CentreCareOsApi } from "./api.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import type { Directory } from "./directory.js";
import { MAX_ATTENDANCE_PAGES_PER_CALL, MAX_RANGE_DAYS, PATHS, QUERY, TIME_ZONE } from "./endpoints.js";
import { toAttendance } from "./map.js";
import { UpAttendance, type UpRoom, type UpStudent } from "./schemas.js";

/** The nursery's day by the clock: CentreCareOS dates attendance by the London calendar day. */
export const nurseryToday = (clock: Clock) => localToday(clock, TIME_ZONE);

/** Leave this much of the caller's deadline for mapping and answering. */
const DEADLINE_MARGIN_MS = 1_500;

function checkRange(from: string, to: string): void {
  if (from > to) throw new UserInputError("from must not be after to.", "from");
  const days = daysBetween(from, to);
  if (!Number.isFinite(days)) throw new UserInputError("from and to must be dates as YYYY-MM-DD.", "from");
  if (days >= MAX_RANGE_DAYS) {
    throw new UserInputError(`The range covers ${days + 1} days; ask for at most ${MAX_RANGE_DAYS}.`, "to");
  }
}

const name = (s: UpStudent) => `${s.firstName} ${s.lastName}`;

/** The latest visit per child (a child collected and brought back has two). */
function latestByChild(records: AttendanceRecord[]): Map<string, AttendanceRecord> {
  const latest = new Map<string, AttendanceRecord>();
  for (const record of records) {
    const seen = latest.get(record.studentId);
    if (!seen || (record.checkInAt ?? "") >= (seen.checkInAt ?? "")) latest.set(record.studentId, record);
  }
  return latest;
}

export class AttendanceOps {
  constructor(
    private readonly connection: string,
    private readonly api: CentreCareOsApi,
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {}

  /**
   * One child, one room (id or name) or everyone, for a day or a range. Today also lists enrolled children
   * with no record as not_arrived, and a room today gets roomStatus. Long ranges stop after 20 pages (or at
   * the deadline) with a continuation whose cursor resumes at the next page.
   */
  async get(q: AttendanceQuery, ctx: CallContext): Promise<AttendanceResult> {
    checkRange(q.from, q.to);
    const today = nurseryToday(this.clock);
    const rooms = await this.directory.roomMap(ctx);
    let room: UpRoom | undefined;
    let roster: UpStudent[] | undefined;
    if (q.studentId) roster = [await this.directory.student(q.studentId, ctx)];
    else if (q.groupId) {
      room = await this.directory.resolveRoom(q.groupId, ctx);
      roster = await this.directory.roomChildren(room.id, ctx);
    } else roster = await this.directory.enrolled(ctx).catch(tolerateMissingScope);
    const names = new Map((roster ?? []).map((s) => [s.id, name(s)]));

    const firstPage = q.cursor ? decodeCursor(q.cursor, "attendance") : 1;
    const query = {
      ...(q.from === q.to ? { [QUERY.date]: q.from } : { [QUERY.from]: q.from, [QUERY.to]: q.to }),
      [QUERY.studentId]: q.studentId,
      [QUERY.roomId]: room?.id,
    };
    const cache = q.to < today ? ("history" as const) : ("live" as const);
    const raw: UpAttendance[] = [];
    let page = firstPage;
    let hasMore = true;
    let total: number | undefined;
    while (hasMore && page - firstPage < MAX_ATTENDANCE_PAGES_PER_CALL) {
      if (page > firstPage && ctx.deadline !== undefined && Date.now() > ctx.deadline - DEADLINE_MARGIN_MS)
        break;
      const result = await this.api.page(PATHS.attendance, query, page, UpAttendance, "attendance", ctx, {
        cache,
      });
      raw.push(...result.items);
      hasMore = result.hasMore;
      total = result.total;
      page++;
    }
    const records = raw.map((r) =>
      toAttendance(this.connection, r, {
        ...(names.has(r.studentId) ? { student: names.get(r.studentId) } : {}),
        ...(r.roomId && rooms.has(r.roomId) ? { room: rooms.get(r.roomId)?.name } : {}),
      }),
    );
    const coversToday = q.from <= today && today <= q.to && !q.cursor;
    if (coversToday && roster) {
      const todays = new Set(records.filter((r) => r.date === today).map((r) => r.studentId));
      for (const child of roster) {
        if (child.enrollmentStatus && child.enrollmentStatus !== "enrolled") continue;
        if (todays.has(child.id)) continue;
        const roomName = child.roomId ? rooms.get(child.roomId)?.name : undefined;
        records.push({
          connection: this.connection,
          studentId: child.id,
          studentName: name(child),
          date: today,
          status: "not_arrived",
          ...(roomName ? { room: roomName } : {}),
        });
      }
    }
    const result: AttendanceResult = { records, totals: totals(records) };
    if (room && q.from === today && q.to === today) result.roomStatus = roomStatus(records, today);
    const notes: string[] = [];
    if (q.from < today) {
      notes.push("On past days only children who came have a record; no record means the child was not in.");
    }
    if (!roster && coversToday)
      notes.push("Children not yet arrived are not listed: the API key cannot read students.");
    if (notes.length) result.notes = notes;
    if (hasMore) {
      const remaining = total === undefined ? 1 : Math.max(1, Math.ceil(total / 100) - (page - 1));
      result.continuation = {
        cursor: encodeCursor("attendance", page),
        remainingRequests: remaining,
        estimatedSeconds: Math.max(1, Math.ceil(remaining * 0.3)),
        reason:
          page - firstPage >= MAX_ATTENDANCE_PAGES_PER_CALL
            ? `stopped after ${raw.length} records to keep the answer readable`
            : "stopped at the time limit",
      };
    }
    return result;
  }

  /**
   * Reads the child's state first, so a repeat never writes twice: a second check-in reports
   * already_checked_in; a check-out of a child already collected reports already_checked_out; a check-out
   * of a child who never came today is refused with nothing written.
   */
  async record(input: RecordAttendanceInput, ctx: CallContext): Promise<RecordAttendanceResult> {
    const { studentId, action } = input;
    const child = await this.directory.student(studentId, ctx, true);
    const rooms = await this.directory.roomMap(ctx);
    const label = (r: UpAttendance) =>
      toAttendance(this.connection, r, {
        student: name(child),
        ...(r.roomId && rooms.has(r.roomId) ? { room: rooms.get(r.roomId)?.name } : {}),
      });
    const current = await this.latestToday(studentId, ctx);
    const state = (visit: UpAttendance | undefined) =>
      !visit ? "absent" : visit.checkOutAt ? "collected" : visit.checkInAt ? "in" : "absent";
    const already = (visit: UpAttendance | undefined): RecordAttendanceResult | undefined => {
      if (visit && action === "check_in" && state(visit) === "in") {
        return { outcome: "already_checked_in", record: label(visit) };
      }
      if (visit && action === "check_out" && state(visit) === "collected") {
        return { outcome: "already_checked_out", record: label(visit) };
      }
      return undefined;
    };
    const skip = already(current);
    if (skip) return skip;
    if (action === "check_out" && state(current) === "absent") {
      throw new ConflictError(
        `Child ${studentId} is not checked in today, so there is nothing to check out. Nothing was written.`,
      );
    }
    const body = { studentId, ...(input.note ? { note: input.note } : {}) };
    try {
      const written = await this.api.write(
        "POST",
        action === "check_in" ? PATHS.checkIn : PATHS.checkOut,
        body,
        UpAttendance,
        "attendance record",
        ctx,
        { invalidates: [PATHS.attendance] },
      );
      return { outcome: action === "check_in" ? "checked_in" : "checked_out", record: label(written) };
    } catch (error) {
      // Someone else may have recorded the same thing between our read and our write.
      if (!(error instanceof UserInputError)) throw error;
      const raced = already(await this.latestToday(studentId, ctx));
      if (raced) return raced;
      throw error;
    }
  }

  private async latestToday(studentId: string, ctx: CallContext): Promise<UpAttendance | undefined> {
    const visits = await this.api.all(
      PATHS.attendance,
      { [QUERY.date]: nurseryToday(this.clock), [QUERY.studentId]: studentId },
      UpAttendance,
      "attendance",
      ctx,
      { fresh: true },
    );
    return visits.reduce<UpAttendance | undefined>(
      (latest, visit) => (!latest || (visit.checkInAt ?? "") >= (latest.checkInAt ?? "") ? visit : latest),
      undefined,
    );
  }
}

function tolerateMissingScope(error: unknown): undefined {
  if (error instanceof MissingUpstreamScopeError) return undefined;
  throw error;
}

function totals(records: AttendanceRecord[]): AttendanceTotals {
  const count = (status: AttendanceRecord["status"]) => records.filter((r) => r.status === status).length;
  const checkedIn = count("checked_in");
  const checkedOut = count("checked_out");
  const notArrived = count("not_arrived");
  return {
    sessions: records.length,
    present: checkedIn + checkedOut,
    late: 0,
    absent: notArrived,
    checkedIn,
    checkedOut,
    notArrived,
  };
}

function roomStatus(records: AttendanceRecord[], today: string): AttendanceResult["roomStatus"] {
  const latest = latestByChild(records.filter((r) => r.date === today));
  const status = { present: [] as string[], collected: [] as string[], notArrived: [] as string[] };
  for (const record of latest.values()) {
    const who = record.studentName ?? record.studentId;
    if (record.status === "checked_in") status.present.push(who);
    else if (record.status === "checked_out") status.collected.push(who);
    else status.notArrived.push(who);
  }
  for (const list of Object.values(status)) list.sort((a, b) => a.localeCompare(b));
  return status;
}
