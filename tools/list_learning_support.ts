import { z } from "zod";
import { LearningSupportRecord } from "../src/domain/support.js";
import { ForbiddenError } from "../src/errors.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, fanOutFields, searchArg } from "./shared/args.js";
import { extras, fanOut, labelled } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  yearGroup: z.string().max(50).optional().describe("e.g. 'Year 9'; omit for the whole school"),
  search: searchArg,
});
const output = z.object({ records: z.array(LearningSupportRecord), ...fanOutFields });

export const listLearningSupport = defineTool({
  name: "list_learning_support",
  title: "List learning support",
  description:
    "The learning support (SEN) list, by year group: each pupil's need, severity, status and EHCP. Sensitive: needs the sensitive:read scope as well, and refuses without it.",
  toolset: "students",
  scope: "students:read",
  uses: ["listLearningSupport"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { connection, ...query } = args;
    const allowed = context
      .select(connection)
      .filter((c) => context.callContext(c).scopes.has("sensitive:read"));
    if (allowed.length === 0)
      throw new ForbiddenError(
        "list_learning_support needs the sensitive:read scope on both your access and the connection; nothing was read.",
      );
    const result = await fanOut(
      context,
      connection ?? (allowed.length === 1 ? allowed[0]?.id : undefined),
      (ops) => ops.listLearningSupport(query),
    );
    const notes = [...(extras(result).notes ?? [])];
    for (const r of result.results)
      if (!r.value.complete)
        notes.push({
          connection: r.connection,
          message: "The list was cut short by the request budget: not every record is here.",
        });
    return {
      records: result.results.flatMap((r) => labelled(r.connection, r.value.records)),
      ...extras(result),
      ...(notes.length ? { notes } : {}),
    };
  },
  render: (out) =>
    renderList(
      `${out.records.length} learning support record(s)`,
      out.records,
      (r) =>
        joinParts(
          `${r.studentName ?? `student ${r.studentId}`} (id ${r.studentId})`,
          r.yearGroup,
          r.need,
          r.severity,
          r.ehcp === true && "EHCP",
          r.status,
          r.since && `since ${r.since}`,
          r.connection,
        ),
      out,
    ),
});
