import { z } from "zod";
import { WITHHELD } from "../src/domain/common.js";
import { StudentDetail } from "../src/domain/people.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, studentIdArg } from "./shared/args.js";
import { selectOne } from "./shared/fanout.js";
import { joinParts } from "./shared/render.js";

const SENSITIVE = [
  ["medical", "Medical"],
  ["learningSupport", "Learning support"],
  ["doctor", "Doctor"],
] as const;

/** A sensitive part as text: present only when sensitive:read let it through; the marker stays out. */
function sensitiveLine(label: string, value: unknown): string {
  if (value === undefined || value === null || value === WITHHELD) return "";
  return `${label}: ${typeof value === "string" ? value : JSON.stringify(value)}`;
}

const input = z.strictObject({ connection: connectionArg, studentId: studentIdArg });
const output = z.object({ student: StudentDetail });

export const getStudent = defineTool({
  name: "get_student",
  title: "Get a student",
  description:
    "One student's profile: names, enrolment, groups and contacts. Medical, learning-support and doctor details appear only with the sensitive:read scope; otherwise they are marked as withheld.",
  toolset: "students",
  scope: "students:read",
  uses: ["getStudent"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler({ connection, studentId }, context) {
    const { connector, operations } = selectOne(context, connection, "look up a student");
    const student = await operations.getStudent(studentId);
    return { student: { ...student, connection: connector.id } };
  },
  render: ({ student: s }) =>
    [
      joinParts(`${s.displayName} (id ${s.id})`, s.yearGroup, s.form, s.house, s.room, s.enrolmentStatus),
      s.contacts?.length
        ? `Contacts: ${s.contacts.map((c) => joinParts(c.name, c.relationship)).join("; ")}`
        : "",
      ...SENSITIVE.map(([key, label]) => sensitiveLine(label, s[key])),
      s.withheld?.length ? `Withheld without sensitive:read: ${s.withheld.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
});
