import { z } from "zod";
import { Group, GroupKind } from "../src/domain/groups.js";
import { defineTool } from "../src/server/define-tool.js";
import { clean, connectionArg, fanOutFields, searchArg } from "./shared/args.js";
import { extras, fanOut, labelled } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  id: z
    .string()
    .min(1)
    .max(60)
    .optional()
    .describe("One group by its id from an earlier answer (e.g. a room's id)"),
  kind: GroupKind.optional().describe(
    "Only this kind: room, form, tutor_group, house, year_group, class, subject_set (e.g. 9 Maths Set 2), activity (clubs such as Orchestra), department, section (e.g. Middle School)",
  ),
  search: searchArg,
});
const output = z.object({ groups: z.array(Group), ...fanOutFields });

export const listGroups = defineTool({
  name: "list_groups",
  title: "List groups",
  description:
    "Rooms (with capacity, current occupancy and staff), forms, tutor groups, houses, year groups, subject sets, extra-curricular activities, departments (heads, subjects) and sections (heads, year groups). Their ids or names work as groupId in other tools (list_students gives the members of all but departments and sections).",
  toolset: "students",
  scope: "rooms:read",
  uses: ["listGroups"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { connection, ...query } = args;
    const result = await fanOut(context, connection, (operations) => operations.listGroups(clean(query)));
    return { groups: result.results.flatMap((r) => labelled(r.connection, r.value)), ...extras(result) };
  },
  render: (out) =>
    renderList(
      `${out.groups.length} group(s)`,
      out.groups,
      (g) =>
        joinParts(
          `${g.name} (${g.kind}, id ${g.id})`,
          g.capacity !== undefined && `${g.occupancy ?? "?"}/${g.capacity}`,
          g.memberCount !== undefined && `${g.memberCount} members`,
          g.staff?.join(", "),
          g.includes && `includes ${g.includes.join(", ")}`,
          g.connection,
        ),
      out,
    ),
});
