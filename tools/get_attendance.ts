import { z } from "zod";
import { AttendanceRecord, AttendanceTotals } from "../src/domain/attendance.js";
import { defineTool } from "../src/server/define-tool.js";
import {
  clean,
  connectionArg,
  cursorArg,
  cursorNeedsConnection,
  dateArg,
  fanOutFields,
  groupIdArg,
  studentIdArg,
} from "./shared/args.js";
import { resolveRange } from "./shared/dates.js";
import { extras, fanOut, labelled } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg.optional(),
  groupId: groupIdArg.optional(),
  date: dateArg.optional().describe("One day (default today)"),
  from: dateArg.optional().describe("Start of a range, YYYY-MM-DD"),
  to: dateArg.optional().describe("End of a range, YYYY-MM-DD (at most 366 days after from)"),
  session: z.enum(["am", "pm"]).optional().describe("School registers only: morning or afternoon"),
  cursor: cursorArg,
});

const Continuation = z.object({
  cursor: z.string(),
  remainingRequests: z.number(),
  estimatedSeconds: z.number(),
  reason: z.string(),
});

const output = z.object({
  from: z.string(),
  to: z.string(),
  records: z.array(AttendanceRecord),
  summaries: z.array(
    z.object({
      connection: z.string(),
      totals: AttendanceTotals,
      roomStatus: z
        .object({
          present: z.array(z.string()),
          collected: z.array(z.string()),
          notArrived: z.array(z.string()),
        })
        .optional()
        .describe("Nursery room today: who is in, who has been collected, who has not arrived"),
      continuation: Continuation.optional().describe(
        "Partial answer: call again with this cursor (same connection) to continue without repeating requests",
      ),
      notes: z.array(z.string()).optional(),
    }),
  ),
  ...fanOutFields,
});

export const getAttendance = defineTool({
  name: "get_attendance",
  title: "Get attendance",
  description:
    "Attendance for a student or a group (room, form, year group) on a date or over a range: each session's status and code, totals and percentage. For a nursery room today it lists who is present, who has been collected and who has not arrived yet. Big school questions may return a partial answer with a cursor and the cost of finishing.",
  toolset: "attendance",
  scope: "attendance:read",
  uses: ["getAttendance"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    cursorNeedsConnection(args);
    const range = resolveRange(args, context.today());
    const { connection, date: _date, from: _from, to: _to, ...query } = args;
    const result = await fanOut(context, connection, (operations) =>
      operations.getAttendance(clean({ ...query, ...range })),
    );
    return {
      ...range,
      records: result.results.flatMap((r) => labelled(r.connection, r.value.records)),
      summaries: result.results.map((r) => ({
        connection: r.connection,
        totals: r.value.totals,
        ...(r.value.roomStatus ? { roomStatus: r.value.roomStatus } : {}),
        ...(r.value.continuation ? { continuation: r.value.continuation } : {}),
        ...(r.value.notes?.length ? { notes: r.value.notes } : {}),
      })),
      ...extras(result),
    };
  },
  render: (out) => {
    const lines = [`Attendance ${out.from}${out.to !== out.from ? ` to ${out.to}` : ""}`];
    for (const s of out.summaries) {
      const t = s.totals;
      lines.push(
        `${s.connection}: ${joinParts(`${t.sessions} session(s)`, `present ${t.present}`, `late ${t.late}`, `absent ${t.absent}`, t.percentage !== undefined && `${t.percentage}% attendance`)}`,
      );
      if (s.roomStatus) {
        lines.push(`  present: ${s.roomStatus.present.join(", ") || "none"}`);
        lines.push(`  collected: ${s.roomStatus.collected.join(", ") || "none"}`);
        lines.push(`  not yet arrived: ${s.roomStatus.notArrived.join(", ") || "none"}`);
      }
      for (const note of s.notes ?? []) lines.push(`  note: ${note}`);
      if (s.continuation) {
        lines.push(
          `  PARTIAL: ${s.continuation.reason}. Finishing needs ${s.continuation.remainingRequests} request(s), about ${s.continuation.estimatedSeconds} s: call again with cursor "${s.continuation.cursor}".`,
        );
      }
    }
    return renderList(
      lines.join("\n"),
      out.records,
      (r) =>
        joinParts(
          r.studentName ?? r.studentId,
          r.date,
          r.session,
          r.status,
          r.code && `${r.code}${r.codeMeaning ? ` (${r.codeMeaning})` : ""}`,
        ),
      out,
    );
  },
});
