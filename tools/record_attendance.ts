import { z } from "zod";
import { AttendanceRecord } from "../src/domain/attendance.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, studentIdArg } from "./shared/args.js";
import { selectOne } from "./shared/fanout.js";

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg,
  action: z.enum(["check_in", "check_out"]).describe("check_in on arrival, check_out on collection"),
  note: z.string().max(500).optional().describe("Optional note, e.g. 'Dropped off by grandparent'"),
});

const output = z.object({
  connection: z.string(),
  outcome: z.enum(["checked_in", "checked_out", "already_checked_in", "already_checked_out"]),
  wrote: z.boolean().describe("false when the child was already in the requested state"),
  record: AttendanceRecord,
});

export const recordAttendance = defineTool({
  name: "record_attendance",
  title: "Check a child in or out",
  description:
    "Record a nursery check-in or check-out for one child. Reads the child's current state first: checking in a child who is already in changes nothing and says so; checking out a child who is not checked in is refused.",
  toolset: "attendance",
  scope: "attendance:write",
  uses: ["recordAttendance"],
  // Not destructive: it adds a timestamp and never overwrites one. Idempotent: a repeat is detected and skipped.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler({ connection, ...request }, context) {
    const { connector, operations } = selectOne(context, connection, "record attendance");
    const call = context.callContext(connector);
    const result = await operations.recordAttendance({
      studentId: request.studentId,
      action: request.action,
      ...(request.note ? { note: request.note } : {}),
    });
    const wrote = result.outcome === "checked_in" || result.outcome === "checked_out";
    // Audit: who did what to which record id; no names or notes.
    call.logger.info("attendance write", {
      caller: context.caller,
      studentId: request.studentId,
      action: request.action,
      outcome: result.outcome,
    });
    return {
      connection: connector.id,
      outcome: result.outcome,
      wrote,
      record: { ...result.record, connection: connector.id },
    };
  },
  render: (out) => {
    const who = out.record.studentName ?? `student ${out.record.studentId}`;
    const when = out.outcome.includes("in") ? out.record.checkInAt : out.record.checkOutAt;
    return out.wrote
      ? `${who} ${out.outcome === "checked_in" ? "checked in" : "checked out"}${when ? ` at ${when}` : ""}.`
      : `${who} was ${out.outcome === "already_checked_in" ? "already checked in" : "already checked out"}${when ? ` (${when})` : ""}; nothing changed.`;
  },
});
