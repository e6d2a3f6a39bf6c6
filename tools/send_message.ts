import { z } from "zod";
import type { SendMessageInput } from "../src/domain/connector.js";
import { UserInputError } from "../src/errors.js";
import { defineTool } from "../src/server/define-tool.js";
import { connectionArg, idArg } from "./shared/args.js";
import { selectOne } from "./shared/fanout.js";

const input = z.strictObject({
  connection: connectionArg,
  threadId: idArg("Reply in this existing thread (from list_messages)").optional(),
  recipients: z
    .array(idArg("A parent or staff id, or a group name such as 'Robins' meaning that room's parents"))
    .max(200)
    .optional()
    .describe("Start a new thread with these recipients"),
  subject: z.string().max(200).optional().describe("Subject for a new thread"),
  content: z.string().min(1, "must not be empty").describe("The message text, exactly as it will be sent"),
  confirmationToken: z
    .string()
    .max(1_000)
    .optional()
    .describe("From this tool's preview. Pass it only after the user approved that exact message."),
});

const Preview = z.object({
  recipients: z.array(z.string()),
  threadId: z.string().optional(),
  subject: z.string().optional(),
  content: z.string(),
});

const output = z.object({
  status: z.enum(["needs_confirmation", "sent", "already_sent", "cancelled"]),
  connection: z.string(),
  preview: Preview,
  confirmationToken: z.string().optional(),
  expiresInSeconds: z.number().optional(),
  sent: z
    .object({
      threadId: z.string(),
      messageId: z.string(),
      sentAt: z.string(),
      recipients: z.array(z.string()),
    })
    .optional(),
});

export const sendMessage = defineTool({
  name: "send_message",
  title: "Send a message",
  description:
    "Send a message to parents or staff: reply in a thread (threadId) or start one (recipients: ids, or a room name such as 'Robins' for that room's parents). Never sends on the first call. The user is asked to confirm when the client supports it; otherwise the first call returns a preview and a confirmationToken, and only a second call with that token and the identical content sends. Repeating a confirmed call does not send again.",
  toolset: "messages",
  scope: "messages:write",
  uses: ["resolveRecipients", "sendMessage"],
  // Additive (nothing is overwritten) but not idempotent without the token, and it reaches real people.
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  inputSchema: input,
  outputSchema: output,
  async handler(args, context) {
    const { connector, operations } = selectOne(context, args.connection, "send messages");
    if (!args.threadId && !args.recipients?.length) {
      throw new UserInputError(
        "Give threadId to reply, or at least one recipient to start a thread.",
        "recipients",
      );
    }
    if (args.threadId && args.recipients?.length) {
      throw new UserInputError("Give threadId or recipients, not both.", "recipients");
    }
    const message: SendMessageInput = {
      content: args.content,
      ...(args.threadId ? { threadId: args.threadId } : {}),
      ...(args.recipients ? { recipients: [...args.recipients].sort() } : {}),
      ...(args.subject ? { subject: args.subject } : {}),
    };
    const call = context.callContext(connector);
    const resolved = await operations.resolveRecipients(message);
    const preview = {
      recipients: resolved,
      content: args.content,
      ...(args.threadId ? { threadId: args.threadId } : {}),
      ...(args.subject ? { subject: args.subject } : {}),
    };
    const binding = {
      tool: "send_message",
      connection: connector.id,
      caller: context.caller,
      content: message,
    };
    const send = async () => {
      const sent = await operations.sendMessage(message);
      call.logger.info("message sent", {
        caller: context.caller,
        threadId: sent.threadId,
        recipients: sent.recipients.length,
      });
      return sent;
    };

    if (args.confirmationToken) {
      const { nonce } = context.confirmations.verify(args.confirmationToken, binding);
      const { result, repeated } = await context.confirmations.once(nonce, send);
      return {
        status: repeated ? "already_sent" : "sent",
        connection: connector.id,
        preview,
        sent: result,
      } as const;
    }
    if (context.elicit) {
      const answer = await context.elicit(
        `Send this message via ${connector.label}?\nTo: ${resolved.join(", ")}\n${args.subject ? `Subject: ${args.subject}\n` : ""}\n${args.content}`,
      );
      if (answer !== "accept") return { status: "cancelled", connection: connector.id, preview } as const;
      return { status: "sent", connection: connector.id, preview, sent: await send() } as const;
    }
    return {
      status: "needs_confirmation",
      connection: connector.id,
      preview,
      confirmationToken: context.confirmations.issue(binding),
      expiresInSeconds: Math.round(context.confirmations.ttlMs / 1000),
    } as const;
  },
  render: (out) => {
    const to = out.preview.recipients.join(", ");
    switch (out.status) {
      case "needs_confirmation":
        return `NOT SENT YET. Show the user this preview and ask them to approve it.\nTo: ${to}\n${out.preview.subject ? `Subject: ${out.preview.subject}\n` : ""}---\n${out.preview.content}\n---\nIf they approve, call send_message again with the same arguments plus confirmationToken "${out.confirmationToken}" (valid ${out.expiresInSeconds} s).`;
      case "sent":
        return `Sent to ${to} (thread ${out.sent?.threadId}).`;
      case "already_sent":
        return `Already sent earlier with this confirmation (thread ${out.sent?.threadId}); not sent again.`;
      case "cancelled":
        return "The user did not approve the message; nothing was sent.";
    }
  },
});
