import { z } from "zod";
import { Student } from "../src/domain/people.js";
import { UserInputError } from "../src/errors.js";
import { defineTool } from "../src/server/define-tool.js";
import { hasHiddenCharacters } from "../src/server/sanitize.js";
import { connectionArg, dateArg, groupIdArg, studentIdArg } from "./shared/args.js";
import { selectOne } from "./shared/fanout.js";
import { joinParts } from "./shared/render.js";

// A child's name is written into other systems and printed on registers: no control, bidi or invisible
// characters, which would hide or reorder what staff read.
const name = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((value) => !hasHiddenCharacters(value), "must not contain control, bidi or invisible characters");

const input = z.strictObject({
  connection: connectionArg,
  studentId: studentIdArg.optional().describe("Update this student; omit to create one"),
  firstName: name.optional(),
  lastName: name.optional(),
  dateOfBirth: dateArg.optional(),
  roomId: groupIdArg.optional().describe("Room id or name"),
  enrolmentStatus: z.enum(["enrolled", "waitlisted", "applicant", "left", "inactive"]).optional(),
});
const output = z.object({ action: z.enum(["created", "updated"]), student: Student });

export const saveStudent = defineTool({
  name: "save_student",
  title: "Create or update a student",
  description:
    "Create a child's record (firstName, lastName, dateOfBirth and roomId required) or update fields of an existing one (studentId plus the fields to change). Only the fields given are changed.",
  toolset: "students",
  scope: "students:write",
  uses: ["saveStudent"],
  // Updates overwrite fields; creating twice makes two records.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler({ connection, studentId, ...fields }, context) {
    const { connector, operations } = selectOne(context, connection, "save students");
    if (!studentId) {
      const missing = (["firstName", "lastName", "dateOfBirth", "roomId"] as const).filter(
        (key) => !fields[key],
      );
      if (missing.length)
        throw new UserInputError(`To create a student also give: ${missing.join(", ")}.`, missing[0]);
    } else if (Object.values(fields).every((value) => value === undefined)) {
      throw new UserInputError("Nothing to update: give at least one field to change.", "firstName");
    }
    const call = context.callContext(connector);
    const student = await operations.saveStudent({ ...(studentId ? { id: studentId } : {}), ...fields });
    call.logger.info("student saved", {
      caller: context.caller,
      studentId: student.id,
      action: studentId ? "update" : "create",
    });
    return {
      action: studentId ? "updated" : "created",
      student: { ...student, connection: connector.id },
    } as const;
  },
  render: (out) =>
    `${out.action === "created" ? "Created" : "Updated"} ${joinParts(`${out.student.displayName} (id ${out.student.id})`, out.student.room)}.`,
});
