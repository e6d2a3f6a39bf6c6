import { z } from "zod";
import { StaffMember } from "../src/domain/people.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, cursorArg, fanOutFields, limitArg, pageFields, searchArg } from "./shared/args.js";
import { pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  search: searchArg,
  limit: limitArg,
  cursor: cursorArg,
});
const output = z.object({ staff: z.array(StaffMember), ...pageFields, ...fanOutFields });

export const listStaff = defineTool({
  name: "list_staff",
  title: "List staff",
  description: "Staff members with role, and the rooms they are assigned to where the provider knows it.",
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
      (s) => joinParts(`${s.displayName} (id ${s.id})`, s.role, s.rooms?.join(", "), s.connection),
      out,
    ),
});
