import { z } from "zod";
import { Student } from "../src/domain/people.js";
import { defineTool } from "../src/server/define-tool.js";
import {
  connectionArg,
  cursorArg,
  fanOutFields,
  groupIdArg,
  limitArg,
  pageFields,
  searchArg,
} from "./shared/args.js";
import { pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  search: searchArg,
  groupId: groupIdArg.optional(),
  yearGroup: z.string().max(50).optional().describe("Year group, e.g. 'Year 9' (HUBmis)"),
  form: z.string().max(50).optional().describe("Form, e.g. '9R' (HUBmis)"),
  tutorGroup: z.string().max(50).optional(),
  house: z.string().max(50).optional().describe("House, e.g. 'Green House'"),
  enrolmentStatus: z.enum(["enrolled", "waitlisted", "applicant", "left", "inactive"]).optional(),
  limit: limitArg,
  cursor: cursorArg,
});

const output = z.object({
  students: z.array(Student),
  ...pageFields,
  ...fanOutFields,
});

export const listStudents = defineTool({
  name: "list_students",
  title: "List students",
  description:
    "List students or children: a nursery's children (filter by room), a school's pupils (filter by year group, form, tutor group, house, enrolment status, name search), or a parent's own children. Returns ids to use with other tools.",
  toolset: "students",
  scope: "students:read",
  uses: ["listStudents"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { items, ...rest } = await pagedFanOut(
      context,
      { ...args, limit: args.limit ?? 100 },
      (operations, query) => operations.listStudents(query),
    );
    return { students: items, ...rest };
  },
  render: (out) =>
    renderList(
      `${out.students.length} student(s)${out.nextCursor ? " (more available: pass nextCursor)" : ""}`,
      out.students,
      (s) => joinParts(`${s.displayName} (id ${s.id})`, s.yearGroup, s.form, s.room, s.school, s.connection),
      out,
    ),
});
