import { z } from "zod";
import { createMeter } from "../src/domain/meter.js";
import { createReadReport } from "../src/domain/read-report.js";
import { defineTool } from "../src/server/define-tool.js";
import { describeError } from "../src/server/errors-to-result.js";
import { connectionArg } from "./shared/args.js";
import { type DailyOps, dailyPart } from "./shared/daily-parts.js";
import { joinParts } from "./shared/render.js";

const input = z.strictObject({ connection: connectionArg });
const count = z.number().int();
const Day = z.object({
  connection: z.string(),
  nursery: z.object({ present: count, collected: count, notArrived: count }).optional(),
  messagesToday: count.optional(),
  openConcerns: z.record(z.string(), count).optional().describe("By severity"),
  concernStudents: z.array(z.string()).optional(),
  lessonsToday: count.optional(),
  homeworkDue: count.optional(),
  negativeBehaviour: count.optional(),
  announcementsToday: count.optional(),
  upstreamRequests: count,
  leftOut: z.array(z.string()).describe("Not covered, and how to ask"),
});
const output = z.object({ days: z.array(Day), upstreamRequests: count });

export const dailySummary = defineTool({
  name: "daily_summary",
  title: "How is today going",
  description:
    "How today is going at each connection: nursery rooms and messages, open wellbeing concerns by severity, a family's lessons, homework, behaviour and announcements. Says its cost and what it left out.",
  toolset: "attendance",
  scope: "attendance:read",
  uses: [],
  mayUse: [
    "getAttendance",
    "recordAttendance",
    "listMessages",
    "listWellbeingEvents",
    "getTimetable",
    "listHomework",
    "listBehaviour",
    "listAnnouncements",
  ],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const days = await Promise.all(
      context.select(args.connection).map(async (connector) => {
        const meter = createMeter();
        const ops = context.bind(connector, createReadReport(), meter) as DailyOps;
        const ctx = context.callContext(connector);
        try {
          const day = await dailyPart(ops, ctx, context.today(connector), connector.timeZone);
          return { connection: connector.id, ...day, upstreamRequests: meter.requests };
        } catch (error) {
          const leftOut = [`everything: ${describeError(error).message}`];
          return { connection: connector.id, upstreamRequests: meter.requests, leftOut };
        }
      }),
    );
    return { days, upstreamRequests: days.reduce((sum, d) => sum + d.upstreamRequests, 0) };
  },
  render: (out) =>
    [
      `Today at ${out.days.length} connection(s), ${out.upstreamRequests} upstream request(s)`,
      ...out.days.map((d) =>
        joinParts(
          `- ${d.connection}`,
          d.nursery &&
            `in ${d.nursery.present}, collected ${d.nursery.collected}, not arrived ${d.nursery.notArrived}`,
          d.messagesToday !== undefined && `${d.messagesToday} message thread(s) today`,
          d.openConcerns &&
            (Object.keys(d.openConcerns).length === 0
              ? "no open concerns"
              : `open concerns ${Object.entries(d.openConcerns)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(", ")}`),
          d.concernStudents && d.concernStudents.length > 0 && `about ${d.concernStudents.join(", ")}`,
          d.lessonsToday !== undefined && `${d.lessonsToday} lesson(s)`,
          d.homeworkDue !== undefined && `${d.homeworkDue} homework due`,
          d.negativeBehaviour !== undefined && `${d.negativeBehaviour} negative behaviour point(s)`,
          d.announcementsToday !== undefined && `${d.announcementsToday} announcement(s) today`,
          `${d.upstreamRequests} request(s)`,
          d.leftOut.length > 0 && `left out: ${d.leftOut.join("; ")}`,
        ),
      ),
    ].join("\n"),
});
