import { z } from "zod";
import { summariseWellbeing, WellbeingEvent, WellbeingSummary } from "../src/domain/wellbeing.js";
import { defineTool } from "../src/server/define-tool.js";
import {
  clean,
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
import { extras, fanOut, pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  id: z.string().min(1).max(20).optional().describe("One record by its id (from an earlier answer)"),
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
  summary: z
    .boolean()
    .optional()
    .describe("Counts by type, category (open/closed) and severity over every matching record, no records"),
  limit: limitArg,
  cursor: cursorArg,
});

/** Most pages of 100 a summary reads per connection before it says it is incomplete. */
const SUMMARY_PAGES = 20;

const output = z.object({
  events: z.array(WellbeingEvent),
  summary: z.array(WellbeingSummary).optional(),
  ...pageFields,
  ...fanOutFields,
});

export const listWellbeingEvents = defineTool({
  name: "list_wellbeing_events",
  title: "List wellbeing events",
  description:
    "Pastoral wellbeing events and plans, most severe first: filter by student, year group, form, category, status, severity, assigned staff and dates; one record by id; or summary: true for the counts (the pastoral summary of a year group). Narrative detail appears only with sensitive:read.",
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
    const { summary, ...asked } = { ...args, ...range };
    if (summary) {
      // Every matching record read (page after page), counted per connection; the records left out.
      const { connection, cursor: _cursor, limit: _limit, ...query } = asked;
      const result = await fanOut(context, connection, async (operations) => {
        const events: WellbeingEvent[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await operations.listWellbeingEvents(clean({ ...query, limit: 100, cursor }));
          events.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor && ++pages < SUMMARY_PAGES);
        return { summary: summariseWellbeing(events, cursor === undefined) };
      });
      return {
        events: [],
        summary: result.results.map((r) => ({ ...r.value.summary, connection: r.connection })),
        ...extras(result),
      };
    }
    const { items, ...rest } = await pagedFanOut(context, asked, (operations, query) =>
      operations.listWellbeingEvents(query),
    );
    items.sort((a, b) => (b.severityRank ?? 0) - (a.severityRank ?? 0) || b.date.localeCompare(a.date));
    return { events: items, ...rest };
  },
  render: (out) =>
    out.summary
      ? renderList(
          `Wellbeing summary: ${out.summary.map((s) => `${s.total} record(s)${s.complete ? "" : " so far"}${s.connection ? ` at ${s.connection}` : ""}`).join(", ")}`,
          out.summary.flatMap((s) => [
            ...s.byCategory.map(
              (c) => `${c.type} ${c.category}: ${c.total} (${c.open} open, ${c.closed} closed)`,
            ),
            `by severity: ${s.bySeverity.map((v) => `${v.severity} ${v.total}`).join(", ")}`,
          ]),
          (line) => line,
          out,
        )
      : renderList(
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
