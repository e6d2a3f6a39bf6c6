/** CentreCareOS wire forms of messaging: threads, their participants and messages, and a send's answer. */
import { z } from "zod";
import { isRecord, withAliases } from "../common/trust.js";
import { Id, Text } from "../common/wire.js";
import { code, Instant, NAME_ALIASES, OptionalInstant } from "./wire.js";

/** A participant as a bare name or an object; either way a name and, when given, "parent" or "staff". */
export const UpParticipant = z.union([
  z.string().transform((name) => ({ name, type: undefined as string | undefined })),
  withAliases(
    { ...NAME_ALIASES, type: ["role", "kind", "participant_type", "participantType"] },
    z.object({ id: Id.optional(), type: Text, name: Text, firstName: Text, lastName: Text }),
  ).transform((p) => ({
    name: (p.name ?? [p.firstName, p.lastName].filter(Boolean).join(" ")).trim(),
    type: p.type ? code(p.type) : undefined,
  })),
]);

export const UpMessage = withAliases(
  {
    threadId: ["thread_id", "thread.id", "conversationId", "conversation_id"],
    senderType: ["sender_type", "sender.type", "sender.role", "from.type", "from.role"],
    senderName: ["sender_name", "sender.name", "sender.full_name", "sender.fullName", "from.name"],
    content: ["body", "text", "message"],
    sentAt: ["sent_at", "createdAt", "created_at", "timestamp", "sentOn"],
  },
  z.object({
    id: Id,
    threadId: Id.nullish(),
    senderType: Text,
    senderName: Text,
    content: z.string(),
    sentAt: Instant,
  }),
);
export type UpMessage = z.infer<typeof UpMessage>;

/** The answer to a send: the message, flat or under `message`. */
export const UpSent = z.preprocess(
  (raw) => (isRecord(raw) && isRecord(raw["message"]) && raw["id"] === undefined ? raw["message"] : raw),
  UpMessage,
);

export const UpThread = withAliases(
  {
    subject: ["title", "topic"],
    participants: ["members", "recipients"],
    lastMessageAt: ["last_message_at", "lastActivityAt", "last_activity_at", "updatedAt", "updated_at"],
    messages: ["thread_messages", "items"],
  },
  z.object({
    id: Id,
    subject: Text,
    participants: z.array(UpParticipant).nullish(),
    lastMessageAt: OptionalInstant,
    // Read one by one by the caller, so one unreadable message is counted, not the thread lost.
    messages: z.array(z.unknown()).nullish(),
  }),
);
export type UpThread = z.infer<typeof UpThread>;
