import { z } from "zod";
import { MessageThread } from "../src/domain/messages.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, cursorArg, fanOutFields, idArg, limitArg, pageFields } from "./shared/args.js";
import { pagedFanOut } from "./shared/fanout.js";
import { joinParts, renderList } from "./shared/render.js";

const input = z.strictObject({
  connection: connectionArg,
  threadId: idArg("One thread, with its messages").optional(),
  limit: limitArg,
  cursor: cursorArg,
});

const output = z.object({
  threads: z.array(MessageThread),
  ...pageFields,
  ...fanOutFields,
});

export const listMessages = defineTool({
  name: "list_messages",
  title: "List messages",
  description:
    "Message threads with parents and staff, newest first; pass threadId for one thread's messages.",
  toolset: "messages",
  scope: "messages:read",
  uses: ["listMessages"],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { items, ...rest } = await pagedFanOut(context, args, (operations, query) =>
      operations.listMessages(query),
    );
    return { threads: items, ...rest };
  },
  render: (out) =>
    renderList(
      `${out.threads.length} thread(s)`,
      out.threads,
      (t) =>
        [
          joinParts(
            `${t.subject ?? "(no subject)"} (id ${t.id})`,
            t.participants.join(", "),
            t.lastMessageAt,
            (t.messages?.length ?? t.messageCount) && `${t.messages?.length ?? t.messageCount} message(s)`,
          ),
          ...(t.messages ?? []).map(
            (m) =>
              `  ${joinParts(m.sentAt, m.senderName ?? m.senderType ?? "(sender not given)")}: ${m.content}`,
          ),
        ].join("\n"),
      out,
    ),
});
