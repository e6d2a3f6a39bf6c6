import { z } from "zod";
import { StaffMember } from "../src/domain/people.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, cursorArg, fanOutFields, limitArg, pageFields, searchArg } from "./shared/args.js";
import { pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'One member of staff by id (or a name such as "Mr Patel"): adds contact details and default working hours where the provider keeps them',
    ),
  search: searchArg,
  limit: limitArg,
  cursor: cursorArg,
});
const output = z.object({ staff: z.array(StaffMember), ...pageFields, ...fanOutFields });

export const listStaff = defineTool({
  name: "list_staff",
  title: "List staff",
  description:
    "Staff members with role, and the rooms they are assigned to where the provider knows it. With an id, that one member with their emergency contact and default working hours.",
  toolset: "staff",
  scope: "staff:read",
  uses: ["listStaff"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { items, ...rest } = await pagedFanOut(context, args, (operations, query) =>
      operations.listStaff(query),
    );
    return { staff: items, ...rest };
  },
  render: (out) =>
    renderList(
      `${out.staff.length} staff member(s)`,
      out.staff,
      (s) =>
        joinParts(
          `${s.displayName} (id ${s.id})`,
          s.role,
          s.rooms?.join(", "),
          s.email,
          s.emergencyContact && `emergency contact: ${s.emergencyContact}`,
          s.workingHours &&
            `hours: ${s.workingHours.map((h) => `${h.day.slice(0, 3)} ${h.from}-${h.to}`).join(", ")}`,
          s.connection,
        ),
      out,
    ),
});
