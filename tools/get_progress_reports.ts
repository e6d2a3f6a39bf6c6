import { z } from "zod";
import { ProgressReport } from "../src/domain/reports.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, fanOutFields, studentIdArg } from "./shared/args.js";
import { extras, fanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg,
  latest: z.boolean().optional().describe("Only the most recent report"),
});
const output = z.object({ reports: z.array(ProgressReport), ...fanOutFields });

export const getProgressReports = defineTool({
  name: "get_progress_reports",
  title: "Get progress reports",
  description:
    "A pupil's progress reports, newest first (latest: true for the most recent): per subject, attainment, effort and the teacher's comment.",
  toolset: "students",
  scope: "students:read",
  uses: ["listProgressReports"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const result = await fanOut(context, args.connection, (operations) =>
      operations.listProgressReports({ studentId: args.studentId }),
    );
    const all = result.results
      .flatMap((r) => r.value.map((report) => ({ ...report, connection: r.connection })))
      .sort((a, b) => b.date.localeCompare(a.date));
    const [newest, ...older] = all;
    if (!args.latest || !newest || older.length === 0) return { reports: all, ...extras(result) };
    // Only the newest is asked for; the answer still says how many older ones there are.
    const note = {
      connection: newest.connection,
      message: `latest only: ${older.length} older report(s) not shown; ask without latest for all`,
    };
    const more = extras(result);
    return { reports: [newest], ...more, notes: [...(more.notes ?? []), note] };
  },
  render: (out) =>
    renderList(
      `${out.reports.length} progress report(s), newest first`,
      out.reports,
      (r) =>
        joinParts(
          `${r.date} ${r.title}`,
          r.connection,
          r.subjects.length === 0
            ? "no subjects given"
            : r.subjects
                .map((s) => {
                  const grades = [
                    s.attainment && `attainment ${s.attainment}`,
                    s.effort && `effort ${s.effort}`,
                  ]
                    .filter(Boolean)
                    .join(", ");
                  return `${s.subject}${grades ? ` (${grades})` : ""}${s.comment ? `: ${s.comment}` : ""}`;
                })
                .join("; "),
        ),
      out,
    ),
});
