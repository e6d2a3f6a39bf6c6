import { z } from "zod";
import { Homework } from "../src/domain/classroom.js";
import { defineTool } from "../src/server/define-tool.js";
import { clean, connectionArg, dateArg, fanOutFields, studentIdArg } from "./shared/args.js";
import { resolveRange } from "./shared/dates.js";
import { extras, fanOut, labelled } from "./shared/fanout.js";
import { joinParts, renderList, whose } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg.optional(),
  by: z
    .enum(["due_date", "issue_date"])
    .optional()
    .describe("Which date the range applies to (default due_date)"),
  from: dateArg.optional().describe("Default: today"),
  to: dateArg.optional().describe("Default: 7 days after from"),
});
const output = z.object({ from: z.string(), to: z.string(), homework: z.array(Homework), ...fanOutFields });

export const listHomework = defineTool({
  name: "list_homework",
  title: "List homework",
  description:
    "Homework due (or issued) in a range, default the coming week: title, subject, teacher, due date and status.",
  toolset: "classroom",
  scope: "homework:read",
  uses: ["listHomework"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const today = context.today();
    const range = resolveRange({ from: args.from ?? (args.to ? undefined : today), to: args.to }, today, 7);
    const result = await fanOut(context, args.connection, (operations) =>
      operations.listHomework(clean({ ...range, studentId: args.studentId, by: args.by ?? "due_date" })),
    );
    const homework = result.results
      .flatMap((r) => labelled(r.connection, r.value))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    return { ...range, homework, ...extras(result) };
  },
  render: (out) =>
    renderList(
      `${out.homework.length} homework item(s) ${out.from} to ${out.to}`,
      out.homework,
      (h) => joinParts(`due ${h.dueDate}`, whose(h), h.subject, h.title, h.status, h.teacher),
      out,
    ),
});
