import { z } from "zod";
import { WellbeingEvent } from "../src/domain/wellbeing.js";
import { defineTool } from "../src/server/define-tool.js";
import {
  connectionArg,
  cursorArg,
  dateArg,
  fanOutFields,
  limitArg,
  pageFields,
  staffIdArg,
  studentIdArg,
} from "./shared/args.js";
import { resolveRange } from "./shared/dates.js";
import { pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg.optional(),
  type: z.enum(["event", "plan"]).optional().describe("Wellbeing events (concerns, incidents) or plans"),
  yearGroup: z.string().max(50).optional().describe("e.g. 'Year 9'"),
  form: z.string().max(50).optional().describe("e.g. '9R'"),
  category: z.string().max(100).optional(),
  status: z.string().max(50).optional().describe("e.g. 'open', 'active', 'closed'"),
  severity: z.string().max(50).optional().describe("e.g. 'high'"),
  assignedTo: staffIdArg.optional(),
  from: dateArg.optional(),
  to: dateArg.optional(),
  includePastStudents: z.boolean().optional(),
  limit: limitArg,
  cursor: cursorArg,
});

const output = z.object({
  events: z.array(WellbeingEvent),
  ...pageFields,
  ...fanOutFields,
});

export const listWellbeingEvents = defineTool({
  name: "list_wellbeing_events",
  title: "List wellbeing events",
  description:
    "Pastoral wellbeing events and plans, most severe first: filter by student, year group, form, category, status, severity, assigned staff and dates. Narrative detail appears only with sensitive:read.",
  toolset: "wellbeing",
  scope: "wellbeing:read",
  uses: ["listWellbeingEvents"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    // Events have no default window: `from` alone runs to today, `to` alone has no lower end.
    const range = args.from
      ? resolveRange({ from: args.from, to: args.to }, context.today())
      : args.to
        ? { to: args.to }
        : {};
    const { items, ...rest } = await pagedFanOut(context, { ...args, ...range }, (operations, query) =>
      operations.listWellbeingEvents(query),
    );
    items.sort((a, b) => (b.severityRank ?? 0) - (a.severityRank ?? 0) || b.date.localeCompare(a.date));
    return { events: items, ...rest };
  },
  render: (out) =>
    renderList(
      `${out.events.length} wellbeing record(s)`,
      out.events,
      (e) =>
        joinParts(
          e.date,
          e.type,
          e.severity,
          e.category,
          e.status,
          e.studentName ?? `student ${e.studentId}`,
          e.form,
          e.assignedTo?.join(", "),
          e.title,
        ) + (e.detail ? `\n  ${e.detail}` : ""),
      out,
    ),
});
