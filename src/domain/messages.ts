import { z } from "zod";
import { IsoDateTime, Labelled } from "./common.js";

export const Message = z.object({
  id: z.string(),
  threadId: z.string().optional(),
  senderType: z.string().optional(),
  senderName: z.string().optional(),
  content: z.string(),
  sentAt: IsoDateTime,
});
export type Message = z.infer<typeof Message>;

export const MessageThread = z.object({
  ...Labelled,
  id: z.string(),
  subject: z.string().optional(),
  participants: z.array(z.string()),
  lastMessageAt: IsoDateTime.optional(),
  messageCount: z.number().optional(),
  messages: z.array(Message).optional(),
});
export type MessageThread = z.infer<typeof MessageThread>;
