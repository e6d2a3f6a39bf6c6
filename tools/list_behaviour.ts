import { z } from "zod";
import { Badge, BehaviourEvent, Detention } from "../src/domain/classroom.js";
import { defineTool } from "../src/server/define-tool.js";
import { addDays } from "../src/time/local.js";
import { clean, connectionArg, dateArg, fanOutFields, studentIdArg } from "./shared/args.js";
import { resolveRange } from "./shared/dates.js";
import { extras, fanOut, labelled } from "./shared/fanout.js";
import { joinParts, renderList, whose } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg.optional(),
  from: dateArg.optional().describe("Default: 30 days ago"),
  to: dateArg.optional().describe("Default: 14 days ahead, so upcoming detentions show"),
});

const output = z.object({
  from: z.string(),
  to: z.string(),
  events: z.array(BehaviourEvent),
  totals: z.array(
    z.object({
      connection: z.string(),
      positive: z.number(),
      negative: z.number(),
      byReason: z.record(z.string(), z.object({ polarity: z.string(), count: z.number() })),
    }),
  ),
  detentions: z.array(Detention),
  badges: z.array(Badge).describe("Badges awarded in the range"),
  ...fanOutFields,
});

export const listBehaviour = defineTool({
  name: "list_behaviour",
  title: "List behaviour",
  description:
    "Behaviour points over a range (default the last 30 days) with totals by reason, badges awarded in the range, and detentions (including upcoming ones) with date, time, location and whether attended.",
  toolset: "classroom",
  scope: "behaviour:read",
  uses: ["listBehaviour"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    // Detentions are booked ahead, so the default window runs two weeks past today to include upcoming ones.
    const today = context.today();
    const range = resolveRange(
      {
        from: args.from ?? (args.to ? undefined : addDays(today, -29)),
        to: args.to ?? addDays(today, 14),
      },
      today,
      30,
    );
    const result = await fanOut(context, args.connection, (operations) =>
      operations.listBehaviour(clean({ ...range, studentId: args.studentId })),
    );
    return {
      ...range,
      events: result.results.flatMap((r) => labelled(r.connection, r.value.events)),
      totals: result.results.map((r) => ({ connection: r.connection, ...r.value.totals })),
      detentions: result.results.flatMap((r) => labelled(r.connection, r.value.detentions)),
      badges: result.results.flatMap((r) => labelled(r.connection, r.value.badges ?? [])),
      ...extras(result),
    };
  },
  render: (out) => {
    const head = out.totals.map((t) => {
      const reasons = Object.entries(t.byReason)
        .sort((a, b) => b[1].count - a[1].count)
        .slice(0, 8)
        .map(([reason, r]) => `${reason} ${r.count}`)
        .join(", ");
      return `${t.connection}: +${t.positive} / -${t.negative}${reasons ? ` (${reasons})` : ""}`;
    });
    const detentions = out.detentions.map(
      (d) =>
        `Detention ${joinParts(d.date, d.time, whose(d), d.location, `attended: ${d.attended}`, d.reason)}`,
    );
    const badges = out.badges.map(
      (b) => `Badge ${joinParts(b.date, whose(b), b.name, b.reasons?.join(", "))}`,
    );
    return renderList(
      [`Behaviour ${out.from} to ${out.to}`, ...head, ...badges, ...detentions].join("\n"),
      out.events,
      (e) =>
        joinParts(
          e.timestamp.slice(0, 10),
          whose(e),
          e.polarity,
          e.reason,
          `${e.score > 0 ? "+" : ""}${e.score}`,
          e.teacher,
          e.lesson,
        ),
      out,
    );
  },
});
