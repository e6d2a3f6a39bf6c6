import { z } from "zod";
import { Lesson } from "../src/domain/timetable.js";
import { defineTool } from "../src/server/define-tool.js";
import { clean, connectionArg, dateArg, fanOutFields, staffIdArg, studentIdArg } from "./shared/args.js";
import { resolveRange } from "./shared/dates.js";
import { extras, fanOut, labelled } from "./shared/fanout.js";
import { joinParts, renderList, whose } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg.optional(),
  staffId: staffIdArg.optional(),
  date: dateArg.optional().describe("One day (default today)"),
  from: dateArg.optional(),
  to: dateArg.optional(),
});

const output = z.object({ from: z.string(), to: z.string(), lessons: z.array(Lesson), ...fanOutFields });

export const getTimetable = defineTool({
  name: "get_timetable",
  title: "Get timetable",
  description:
    "Lessons for a student or a staff member (id or name such as 'Mr Patel') on a date or over a range: period, times, subject, teacher and room. A parent or pupil connection answers for its own children without an id.",
  toolset: "timetable",
  scope: "timetable:read",
  uses: ["getTimetable"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const range = resolveRange(args, context.today());
    const { connection, studentId, staffId } = args;
    const result = await fanOut(context, connection, (operations) =>
      operations.getTimetable(clean({ ...range, studentId, staffId })),
    );
    const lessons = result.results
      .flatMap((r) => labelled(r.connection, r.value))
      .sort((a, b) => (a.date + a.start).localeCompare(b.date + b.start));
    return { ...range, lessons, ...extras(result) };
  },
  render: (out) =>
    renderList(
      `${out.lessons.length} lesson(s) ${out.from}${out.to !== out.from ? ` to ${out.to}` : ""}`,
      out.lessons.filter((l) => !l.isBreak),
      (l) =>
        joinParts(
          `${l.date} ${l.start}-${l.end}`,
          whose(l),
          l.period && `P${l.period}`,
          l.subject,
          l.teacher,
          l.room,
          l.group,
        ),
      out,
    ),
});
