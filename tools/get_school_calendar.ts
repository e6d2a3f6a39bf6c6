import { z } from "zod";
import { type CalendarPeriod, SchoolCalendar, SchoolDay, schoolDay } from "../src/domain/calendar.js";
import { UserInputError } from "../src/errors.js";
import { defineTool } from "../src/server/define-tool.js";
import { eachDay } from "../src/time/local.js";
import { connectionArg, dateArg, fanOutFields } from "./shared/args.js";
import { resolveRange } from "./shared/dates.js";
import { extras, fanOut } from "./shared/fanout.js";
import { joinParts, renderTail } from "./shared/render.js";

const MAX_DAYS = 62;

const periods = (what: string, list: CalendarPeriod[]) =>
  `${what}: ${
    list.length === 0
      ? "none given"
      : list
          .map((p) => `${p.name ? `${p.name} ` : ""}${p.from === p.to ? p.from : `${p.from} to ${p.to}`}`)
          .join(", ")
  }`;

const input = z.strictObject({
  connection: connectionArg,
  date: dateArg
    .optional()
    .describe("One day to check, e.g. 'is school open on 18 December?' (default today)"),
  from: dateArg.optional(),
  to: dateArg.optional(),
});
const output = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(SchoolDay),
  calendars: z.array(SchoolCalendar),
  ...fanOutFields,
});

export const getSchoolCalendar = defineTool({
  name: "get_school_calendar",
  title: "Get school calendar",
  description: `Whether school is open on a day or each day of a range (up to ${MAX_DAYS}), with the reason (term, weekend, holiday, inset day, closure date), and the academic year's terms, holidays, inset days and closure dates.`,
  toolset: "timetable",
  scope: "timetable:read",
  uses: ["getSchoolCalendar"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const range = resolveRange(args, context.today());
    const dates = eachDay(range.from, range.to);
    if (dates.length > MAX_DAYS) {
      throw new UserInputError(`Ask for at most ${MAX_DAYS} days at a time (${dates.length} asked).`, "to");
    }
    const result = await fanOut(context, args.connection, (operations) => operations.getSchoolCalendar({}));
    const calendars = result.results.map((r) => ({ ...r.value, connection: r.connection }));
    const days = calendars.flatMap((calendar) => dates.map((date) => schoolDay(calendar, date)));
    return { ...range, days, calendars, ...extras(result) };
  },
  render: (out) =>
    [
      `School open or closed, ${out.from === out.to ? out.from : `${out.from} to ${out.to}`}`,
      ...out.days.map(
        (d) =>
          `- ${joinParts(
            `${d.date}: ${d.open === null ? "not known" : d.open ? "open" : "closed"}`,
            d.reason,
            d.connection,
          )}`,
      ),
      ...out.calendars.map(
        (c) =>
          `Calendar${c.connection ? ` (${c.connection})` : ""}: ${[
            periods("terms", c.terms),
            periods("holidays", c.holidays),
            periods("inset days", c.insetDays),
            periods("closures", c.closures),
          ].join("; ")}`,
      ),
      ...renderTail(out),
    ].join("\n"),
});
