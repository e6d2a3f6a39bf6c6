import type { AttendanceRecord } from "../../domain/attendance.js";
import { attendanceTotals } from "../../domain/attendance.js";
import type {
  AttendanceQuery,
  AttendanceResult,
  CallContext,
  RecordAttendanceInput,
  RecordAttendanceResult,
} from "../../domain/connector.js";
import {
  ConflictError,
  MissingUpstreamScopeError,
  UserInputError,
  WriteOutcomeUnknownError,
} from "../../errors.js";
import type { Clock } from "../../time/clock.js";
import { eachDay, localToday } from "../../time/local.js";
import { decodeCursor, encodeCursor, isCount } from "../common/cursor.js";
import { checkRange } from "../common/range.js";
import { keepMatching, readEach, sameId } from "../common/trust.js";
import type { CentreCareOsApi } from "./api.js";
import { type Directory, isEnrolled } from "./directory.js";
import {
  MAX_ATTENDANCE_RECORDS_PER_CALL,
  MAX_ATTENDANCE_REQUESTS_PER_CALL,
  PATHS,
  PROVIDER,
  QUERY,
  TIME_ZONE,
} from "./endpoints.js";
import { toAttendance } from "./map.js";
import type { UpRoom, UpStudent } from "./wire.js";
import { readAttendance, type UpAttendance } from "./wire-attendance.js";

/** The nursery's day by the clock: CentreCareOS dates attendance by the London calendar day. */
export const nurseryToday = (clock: Clock) => localToday(clock, TIME_ZONE);

export const ATTENDANCE = "attendance records";

/** Leave this much of the caller's deadline for mapping and answering. */
const DEADLINE_MARGIN_MS = 1_500;
/** Days asked for side by side (the upstream layer queues beyond its own concurrency). */
const DAYS_AT_ONCE = 4;

const name = (s: UpStudent) => `${s.firstName} ${s.lastName}`;

/** The latest visit of a list (a child collected and brought back has two). */
function latest(visits: readonly UpAttendance[]): UpAttendance | undefined {
  return visits.reduce<UpAttendance | undefined>(
    (found, visit) => (!found || (visit.checkInAt ?? "") >= (found.checkInAt ?? "") ? visit : found),
    undefined,
  );
}

/** The latest visit per child. */
function latestByChild(records: AttendanceRecord[]): Map<string, AttendanceRecord> {
  const found = new Map<string, AttendanceRecord>();
  for (const record of records) {
    const seen = found.get(record.studentId);
    if (!seen || (record.checkInAt ?? "") >= (seen.checkInAt ?? "")) found.set(record.studentId, record);
  }
  return found;
}

type State = "absent" | "in" | "collected";
const stateOf = (visit: UpAttendance | undefined): State =>
  !visit ? "absent" : visit.checkOutAt ? "collected" : visit.checkInAt ? "in" : "absent";

/** Which visits a question is about: the day always, and a child or a room when asked. */
interface DayFilter {
  studentId?: string;
  /** A room, and its children: a visit that names no room is the room's when its child is. */
  room?: { id: string; members: ReadonlySet<string> };
}

/** A continuation resumes at a day of the range (a day is read whole or not at all). */
function encodeDay(index: number): string {
  return encodeCursor({ l: "attendance", d: index });
}

function decodeDay(cursor: string, days: number): number {
  const parsed = decodeCursor(cursor);
  const index = parsed?.["d"];
  if (parsed?.["l"] === "attendance" && isCount(index, 0) && index < days) return index;
  throw new UserInputError(
    "cursor does not belong to this attendance range; start again without it.",
    "cursor",
  );
}

export class AttendanceOps {
  constructor(
    private readonly connection: string,
    private readonly api: CentreCareOsApi,
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {}

  /**
   * One London day's visits. The day is asked with `date`, the one attendance filter the portal shows;
   * the child and the room are sent as hints, and all three are applied again to what comes back, so a
   * server that ignores a hint (and answers everyone's day) still gives this child's or this room's visits.
   */
  private async day(
    date: string,
    filter: DayFilter,
    ctx: CallContext,
    options: { fresh?: boolean; report?: boolean; onPage?: () => void } = {},
  ): Promise<{ visits: UpAttendance[]; unreadable: number }> {
    const today = nurseryToday(this.clock);
    const raw = await this.api.rawAll(
      PATHS.attendance,
      { [QUERY.date]: date, [QUERY.studentId]: filter.studentId, [QUERY.roomId]: filter.room?.id },
      ATTENDANCE,
      ctx,
      { ...(options.fresh ? { fresh: true } : { cache: date < today ? "history" : "live" }) },
      options.onPage,
    );
    const visits = readEach(raw, readAttendance, ATTENDANCE, ctx, PROVIDER);
    // What a lookup leaves out is not part of any answer; what a question leaves out is stated in it.
    const reporting = options.report === false ? { logger: ctx.logger } : ctx;
    const { studentId, room } = filter;
    const kept = keepMatching(
      visits,
      (v) =>
        v.date === date &&
        (studentId === undefined || sameId(v.studentId, studentId)) &&
        (room === undefined || (v.roomId ? sameId(v.roomId, room.id) : room.members.has(v.studentId))),
      ATTENDANCE,
      reporting,
    );
    return { visits: kept, unreadable: raw.length - visits.length };
  }

  /**
   * One child, one room (id or name) or everyone, for a day or a range (both ends included). Today also
   * lists enrolled children with no record as not_arrived, and a room today gets roomStatus. A long range
   * is answered in parts, a whole day at a time, with a continuation that resumes at the next day.
   */
  async get(q: AttendanceQuery, ctx: CallContext): Promise<AttendanceResult> {
    checkRange(q.from, q.to, "CentreCareOS");
    const today = nurseryToday(this.clock);
    const rooms = await this.directory.roomMap(ctx);
    let room: UpRoom | undefined;
    let roster: UpStudent[] | undefined;
    if (q.studentId) roster = [await this.directory.student(q.studentId, ctx)];
    else if (q.groupId) {
      room = await this.directory.resolveRoom(q.groupId, ctx, rooms);
      roster = await this.directory.roomChildren(room.id, ctx);
    } else roster = await this.directory.enrolled(ctx).catch(tolerateMissingScope);
    const children = new Map((roster ?? []).map((s) => [s.id, s]));
    const filter: DayFilter = {
      ...(q.studentId ? { studentId: q.studentId } : {}),
      ...(room ? { room: { id: room.id, members: new Set(children.keys()) } } : {}),
    };

    const days = eachDay(q.from, q.to);
    const first = q.cursor ? decodeDay(q.cursor, days.length) : 0;
    let requests = 0;
    const onPage = () => {
      requests++;
    };
    const visits: UpAttendance[] = [];
    const read = new Set<string>();
    let unreadableToday = 0;
    let stop: { index: number; reason: string } | undefined;
    outer: for (let index = first; index < days.length; index += DAYS_AT_ONCE) {
      if (index > first) {
        if (requests >= MAX_ATTENDANCE_REQUESTS_PER_CALL) {
          stop = { index, reason: `stopped after ${requests} requests to keep within the hourly allowance` };
          break;
        }
        if (ctx.deadline !== undefined && Date.now() > ctx.deadline - DEADLINE_MARGIN_MS) {
          stop = { index, reason: "stopped at the time limit" };
          break;
        }
      }
      const chunk = days.slice(index, index + DAYS_AT_ONCE);
      const answers = await Promise.all(chunk.map((date) => this.day(date, filter, ctx, { onPage })));
      for (const [offset, answer] of answers.entries()) {
        if (visits.length >= MAX_ATTENDANCE_RECORDS_PER_CALL) {
          stop = {
            index: index + offset,
            reason: `stopped after ${visits.length} records to keep the answer readable`,
          };
          break outer;
        }
        visits.push(...answer.visits);
        read.add(chunk[offset] as string);
        if (chunk[offset] === today) unreadableToday = answer.unreadable;
      }
    }

    const roomName = (v: UpAttendance) => {
      const id = v.roomId ?? children.get(v.studentId)?.roomId;
      return id ? rooms.get(id)?.name : undefined;
    };
    const records = visits.map((v) => {
      const child = children.get(v.studentId);
      return toAttendance(this.connection, v, {
        ...(child ? { student: name(child) } : {}),
        room: roomName(v),
      });
    });
    const todayRead = read.has(today);
    if (todayRead && roster) {
      const todays = new Set(records.filter((r) => r.date === today).map((r) => r.studentId));
      for (const child of roster) {
        if (!isEnrolled(child)) continue;
        if (todays.has(child.id)) continue;
        const childRoom = child.roomId ? rooms.get(child.roomId)?.name : undefined;
        records.push({
          connection: this.connection,
          studentId: child.id,
          studentName: name(child),
          date: today,
          status: "not_arrived",
          ...(childRoom ? { room: childRoom } : {}),
        });
      }
    }
    const result: AttendanceResult = { records, totals: attendanceTotals(records) };
    if (room && q.from === today && q.to === today) result.roomStatus = roomStatus(records, today);
    const notes: string[] = [];
    if (q.from < today) {
      notes.push("On past days only children who came have a record; no record means the child was not in.");
    }
    if (!roster && todayRead)
      notes.push("Children not yet arrived are not listed: the API key cannot read students.");
    if (roster && todayRead && unreadableToday > 0) {
      notes.push(
        `${unreadableToday} of today's visits could not be read, so a child listed as not arrived may be in.`,
      );
    }
    if (notes.length) result.notes = notes;
    if (stop) {
      const daysRead = Math.max(1, read.size);
      const perDay = Math.max(1, requests / daysRead);
      const remaining = Math.max(1, Math.ceil((days.length - stop.index) * perDay));
      result.continuation = {
        cursor: encodeDay(stop.index),
        remainingRequests: remaining,
        estimatedSeconds: Math.max(1, Math.ceil(remaining * 0.3)),
        reason: `${stop.reason}; ${days[stop.index]} onwards not read yet`,
      };
    }
    return result;
  }

  /**
   * Reads the child's state first, so a repeat never writes twice: a second check-in reports
   * already_checked_in; a check-out of a child already collected reports already_checked_out; a check-out
   * of a child who never came today is refused with nothing written. The state is this child's own visits
   * of today, checked record by record, whatever the server did with the filters. A write whose outcome is
   * unclear is settled by reading the state again.
   */
  async record(input: RecordAttendanceInput, ctx: CallContext): Promise<RecordAttendanceResult> {
    const { studentId, action } = input;
    const child = await this.directory.student(studentId, ctx, true);
    const rooms = await this.directory.roomMap(ctx);
    const label = (v: UpAttendance) => {
      const roomId = v.roomId ?? child.roomId;
      const roomName = roomId ? rooms.get(roomId)?.name : undefined;
      return toAttendance(this.connection, v, { student: name(child), room: roomName });
    };
    const before = await this.stateToday(studentId, ctx);
    const already = (visit: UpAttendance | undefined): RecordAttendanceResult | undefined => {
      if (visit && action === "check_in" && stateOf(visit) === "in") {
        return { outcome: "already_checked_in", record: label(visit) };
      }
      if (visit && action === "check_out" && stateOf(visit) === "collected") {
        return { outcome: "already_checked_out", record: label(visit) };
      }
      return undefined;
    };
    const skip = already(before.visit);
    if (skip) return skip;
    // Refused here only when the state is certain: an unreadable visit today might be this child's.
    if (action === "check_out" && stateOf(before.visit) === "absent" && before.certain) {
      throw new ConflictError(
        `Child ${studentId} is not checked in today, so there is nothing to check out. Nothing was written.`,
      );
    }
    const body = { studentId, ...(input.note ? { note: input.note } : {}) };
    let answer: unknown;
    try {
      answer = await this.api.write(
        "POST",
        action === "check_in" ? PATHS.checkIn : PATHS.checkOut,
        body,
        ctx,
        {
          invalidates: [PATHS.attendance],
        },
      );
    } catch (error) {
      if (error instanceof WriteOutcomeUnknownError)
        return this.settle(input, name(child), label, ctx, error);
      // Someone else may have recorded the same thing between our read and our write.
      if (!(error instanceof UserInputError)) throw error;
      const raced = already((await this.stateToday(studentId, ctx)).visit);
      if (raced) return raced;
      throw error;
    }
    const written = readAttendance(answer);
    const done = action === "check_in" ? "in" : "collected";
    if (
      written &&
      sameId(written.studentId, studentId) &&
      written.date === nurseryToday(this.clock) &&
      stateOf(written) === done
    ) {
      return { outcome: action === "check_in" ? "checked_in" : "checked_out", record: label(written) };
    }
    // Accepted (2xx) but the answer is not this child's visit as we would read it: the state says what happened.
    return this.settle(input, name(child), label, ctx);
  }

  /** After a write whose outcome is unclear: the child's state now says whether it happened. */
  private async settle(
    input: RecordAttendanceInput,
    childName: string,
    label: (v: UpAttendance) => AttendanceRecord,
    ctx: CallContext,
    cause?: WriteOutcomeUnknownError,
  ): Promise<RecordAttendanceResult> {
    const doing = input.action === "check_in" ? `checking in ${childName}` : `checking out ${childName}`;
    let after: UpAttendance | undefined;
    try {
      after = (await this.stateToday(input.studentId, ctx)).visit;
    } catch {
      throw (
        cause ??
        new WriteOutcomeUnknownError(
          PROVIDER,
          doing,
          `Check ${childName}'s attendance today (get_attendance, or the register in CentreCareOS)`,
        )
      );
    }
    if (input.action === "check_in" && stateOf(after) === "in" && after) {
      return { outcome: "checked_in", record: label(after) };
    }
    if (input.action === "check_out" && stateOf(after) === "collected" && after) {
      return { outcome: "checked_out", record: label(after) };
    }
    throw new WriteOutcomeUnknownError(
      PROVIDER,
      doing,
      `A read just afterwards does not show it yet; check ${childName}'s attendance today (get_attendance, or the register in CentreCareOS)`,
    );
  }

  /**
   * This child's latest visit today, read fresh, and whether the read was certain: every record of the
   * day could be read, so "no visit" means none.
   */
  private async stateToday(
    studentId: string,
    ctx: CallContext,
  ): Promise<{ visit: UpAttendance | undefined; certain: boolean }> {
    const { visits, unreadable } = await this.day(nurseryToday(this.clock), { studentId }, ctx, {
      fresh: true,
      report: false,
    });
    return { visit: latest(visits), certain: unreadable === 0 };
  }
}

function tolerateMissingScope(error: unknown): undefined {
  if (error instanceof MissingUpstreamScopeError) return undefined;
  throw error;
}

function roomStatus(records: AttendanceRecord[], today: string): AttendanceResult["roomStatus"] {
  const byChild = latestByChild(records.filter((r) => r.date === today));
  const status = { present: [] as string[], collected: [] as string[], notArrived: [] as string[] };
  for (const record of byChild.values()) {
    const who = record.studentName ?? record.studentId;
    if (record.status === "checked_in") status.present.push(who);
    else if (record.status === "checked_out") status.collected.push(who);
    else status.notArrived.push(who);
  }
  for (const list of Object.values(status)) list.sort((a, b) => a.localeCompare(b));
  return status;
}
