import { z } from "zod";
import { WellbeingEvent } from "../src/domain/wellbeing.js";
import { defineTool } from "../src/server/define-tool.js";
import {
  clean,
  connectionArg,
  cursorArg,
  cursorNeedsConnection,
  dateArg,
  fanOutFields,
  limitArg,
  staffIdArg,
  studentIdArg,
} from "./shared/args.js";
import { resolveRange } from "./shared/dates.js";
import { fanOut, mergePages } from "./shared/fanout.js";
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
  nextCursor: z.string().optional(),
  ...fanOutFields,
});

export const listWellbeingEvents = defineTool({
  name: "list_wellbeing_events",
  title: "List wellbeing events",
  description:
    "Pastoral wellbeing events and plans, most severe first: filter by student, year group, form, category, status, severity, assigned staff and dates. Narrative detail appears only with sensitive:read.",
  toolset: "wellbeing",
  scope: "wellbeing:read",
  capabilities: ["listWellbeingEvents"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    cursorNeedsConnection(args);
    const { connection, from, to, ...query } = args;
    const range = from || to ? resolveRange({ from, to }) : {};
    const result = await fanOut(context, connection, "listWellbeingEvents", (connector, call) =>
      connector.listWellbeingEvents!(clean({ ...query, ...range }), call),
    );
    const { items, ...rest } = mergePages(result);
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
        ),
      out,
    ),
});
