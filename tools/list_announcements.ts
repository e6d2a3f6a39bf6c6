import { z } from "zod";
import { Announcement } from "../src/domain/classroom.js";
import { defineTool } from "../src/server/define-tool.js";
import { clean, connectionArg, fanOutFields, studentIdArg } from "./shared/args.js";
import { extras, fanOut, labelled } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({ connection: connectionArg, studentId: studentIdArg.optional() });
const output = z.object({ announcements: z.array(Announcement), ...fanOutFields });

export const listAnnouncements = defineTool({
  name: "list_announcements",
  title: "List announcements",
  description: "Announcements the school has sent to pupils and parents, newest first.",
  toolset: "classroom",
  scope: "messages:read",
  uses: ["listAnnouncements"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const result = await fanOut(context, args.connection, (operations) =>
      operations.listAnnouncements(clean({ studentId: args.studentId })),
    );
    const announcements = result.results
      .flatMap((r) => labelled(r.connection, r.value))
      .sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    return { announcements, ...extras(result) };
  },
  render: (out) =>
    renderList(
      `${out.announcements.length} announcement(s)`,
      out.announcements,
      (a) =>
        [
          joinParts(a.timestamp.slice(0, 10), a.title, a.author, a.school),
          a.description && `  ${a.description}`,
        ]
          .filter(Boolean)
          .join("\n"),
      out,
    ),
});
