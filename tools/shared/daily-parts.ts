/**
 * The parts of daily_summary, one function per kind of day: each asks only the operations the connection
 * has and the caller may use, cached answers first, and says what it left out rather than guessing.
 */
import type { BoundOperations, CallContext } from "../../src/domain/connector.js";
import type { Scope } from "../../src/domain/scopes.js";
import { describeError } from "../../src/server/errors-to-result.js";
import { localDate } from "../../src/time/local.js";

export type DailyOps = BoundOperations<
  never,
  | "getAttendance"
  | "recordAttendance"
  | "listMessages"
  | "listWellbeingEvents"
  | "getTimetable"
  | "listHomework"
  | "listBehaviour"
  | "listAnnouncements"
>;

export interface DailyPart {
  nursery?: { present: number; collected: number; notArrived: number };
  messagesToday?: number;
  openConcerns?: Record<string, number>;
  concernStudents?: string[];
  lessonsToday?: number;
  homeworkDue?: number;
  negativeBehaviour?: number;
  announcementsToday?: number;
  leftOut: string[];
}

/** Runs one part; a part that fails is left out with the reason, the others still answer. */
async function part(out: DailyPart, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    out.leftOut.push(`${what}: ${describeError(error).message}`);
  }
}

/** Pages of open concerns one summary reads before it says there are more. */
const MAX_CONCERN_PAGES = 3;

const has = (ctx: CallContext, scope: Scope) => ctx.scopes.has(scope);

/**
 * Whether a timestamp falls on `today` in the provider's zone: one with an offset is read as an instant
 * (23:30Z in summer is the next local day), one without is already local.
 */
function onDay(timestamp: string | undefined, today: string, zone: string): boolean {
  if (!timestamp) return false;
  const ms = Date.parse(timestamp);
  if (/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(timestamp) && Number.isFinite(ms)) return localDate(ms, zone) === today;
  return timestamp.slice(0, 10) === today;
}

/** Every part the connection can answer for today, asked together. */
export async function dailyPart(
  ops: DailyOps,
  ctx: CallContext,
  today: string,
  zone: string,
): Promise<DailyPart> {
  const out: DailyPart = { leftOut: [] };
  const jobs: Promise<void>[] = [];
  if (ops.getAttendance && ops.recordAttendance && has(ctx, "attendance:read")) {
    // A check-in system answers a whole day in a few pages; school registers are per pupil (below).
    const getAttendance = ops.getAttendance;
    jobs.push(
      part(out, "rooms", async () => {
        const day = await getAttendance({ from: today, to: today });
        out.nursery = {
          present: day.totals.checkedIn ?? 0,
          collected: day.totals.checkedOut ?? 0,
          notArrived: day.totals.notArrived ?? 0,
        };
        if (day.continuation) out.leftOut.push("rooms: only part of the day was read; ask get_attendance");
      }),
    );
  } else if (ops.getAttendance && ops.listWellbeingEvents) {
    out.leftOut.push(
      "registers by form: each costs about one upstream request per pupil; ask get_attendance with a form or year groupId",
    );
  }
  if (ops.listMessages && has(ctx, "messages:read")) {
    const listMessages = ops.listMessages;
    jobs.push(
      part(out, "messages", async () => {
        const page = await listMessages({ limit: 50 });
        out.messagesToday = page.items.filter((t) => onDay(t.lastMessageAt, today, zone)).length;
      }),
    );
  }
  if (ops.listWellbeingEvents && has(ctx, "wellbeing:read")) {
    const listWellbeingEvents = ops.listWellbeingEvents;
    jobs.push(
      part(out, "wellbeing concerns", async () => {
        // The connector applies the status filter to every record; a few pages at most, and more is said.
        const open: { severity?: string; studentId: string; studentName?: string }[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await listWellbeingEvents({ status: "active", ...(cursor ? { cursor } : {}) });
          open.push(...page.items);
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < MAX_CONCERN_PAGES);
        const bySeverity: Record<string, number> = {};
        for (const event of open) {
          const key = event.severity ?? "unstated";
          bySeverity[key] = (bySeverity[key] ?? 0) + 1;
        }
        out.openConcerns = bySeverity;
        if (has(ctx, "sensitive:read")) {
          out.concernStudents = [...new Set(open.map((e) => e.studentName ?? e.studentId))].slice(0, 20);
        } else out.leftOut.push("names behind the concerns: they need sensitive:read");
        if (cursor) {
          out.leftOut.push(
            `wellbeing concerns past the first ${pages} pages: list_wellbeing_events with status active`,
          );
        }
      }),
    );
  }
  family(ops, ctx, { today, zone }, out, jobs);
  await Promise.all(jobs);
  return out;
}

/** A parent's children's day: lessons, homework due, negative behaviour (detentions among it), announcements. */
function family(
  ops: DailyOps,
  ctx: CallContext,
  { today, zone }: { today: string; zone: string },
  out: DailyPart,
  jobs: Promise<void>[],
): void {
  const range = { from: today, to: today };
  const { getTimetable, listHomework, listBehaviour, listAnnouncements } = ops;
  if (getTimetable && listHomework && has(ctx, "timetable:read")) {
    jobs.push(
      part(out, "lessons", async () => {
        out.lessonsToday = (await getTimetable(range)).length;
      }),
    );
  }
  if (listHomework && has(ctx, "homework:read")) {
    jobs.push(
      part(out, "homework", async () => {
        out.homeworkDue = (await listHomework({ ...range, by: "due_date" })).length;
      }),
    );
  }
  if (listBehaviour && has(ctx, "behaviour:read")) {
    jobs.push(
      part(out, "behaviour", async () => {
        out.negativeBehaviour = (await listBehaviour(range)).totals.negative;
      }),
    );
  }
  if (listAnnouncements && has(ctx, "messages:read")) {
    jobs.push(
      part(out, "announcements", async () => {
        const all = await listAnnouncements({});
        out.announcementsToday = all.filter((a) => onDay(a.timestamp, today, zone)).length;
      }),
    );
  }
}
