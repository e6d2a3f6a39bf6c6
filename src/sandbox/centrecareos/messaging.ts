import type { Participant, Thread, ThreadMessage } from "./model.js";
import { notFound, validation } from "./reply.js";
import { type NurseryStore, sequence } from "./store.js";
import { hasHappened } from "./time.js";
import { objectBody, onlyFields, text } from "./validate.js";

/** The service's limit on one message; longer content is refused with 400. */
export const MAX_MESSAGE_LENGTH = 5_000;
export const MAX_RECIPIENTS = 200;
const OFFICE: Participant = { id: "stf_office", type: "staff", name: "Little Acorns Office" };

/** Threads as they stand now, newest activity first; ?threadId= picks one. */
export function listThreads(store: NurseryStore, query: URLSearchParams): Thread[] {
  const threads = store.threads();
  const threadId = query.get("threadId");
  if (!threadId) return threads;
  const found = threads.find((t) => t.id === threadId);
  if (!found) throw notFound("Thread", threadId);
  return [found];
}

/**
 * The stored thread to reply in, if it has begun by now. A reply changes the conversation, so the messages
 * the schedule had for later are dropped rather than appearing after it.
 */
function replyTarget(store: NurseryStore, id: string): Thread {
  const now = store.clock.now();
  const found = store.data.threads.find((t) => t.id === id);
  if (!found?.messages.some((m) => hasHappened(m.sentAt, now))) throw notFound("Thread", id);
  found.messages = found.messages.filter((m) => hasHappened(m.sentAt, now));
  return found;
}

/** The next message id: above every id there is, scheduled ones included. */
function nextMessageId(store: NurseryStore): string {
  const highest = store.data.threads
    .flatMap((t) => t.messages)
    .reduce((max, m) => Math.max(max, sequence(m.id)), 9000);
  return `msg_${highest + 1}`;
}

/** Parents and staff a new thread may be addressed to, by id. */
function participant(store: NurseryStore, id: string): Participant {
  for (const student of store.data.students) {
    const parent = student.parents.find((p) => p.id === id);
    if (parent) return { id, type: "parent", name: `${parent.firstName} ${parent.lastName}` };
  }
  const member = store.data.staff.find((s) => s.id === id);
  if (member) return { id, type: "staff", name: `${member.firstName} ${member.lastName}` };
  throw validation(`Unknown recipient: ${id.slice(0, 40)}`);
}

/**
 * POST /messages: {threadId, content} replies in a thread; {recipientIds, subject?, content} starts one.
 * Answers the new message with its threadId.
 */
export function postMessage(store: NurseryStore, raw: unknown): ThreadMessage & { threadId: string } {
  const body = objectBody(raw);
  onlyFields(body, ["threadId", "recipientIds", "subject", "content"]);
  const content = text(body, "content", { required: true, max: MAX_MESSAGE_LENGTH }) ?? "";
  const threadId = text(body, "threadId", { max: 64 });
  const recipients = body["recipientIds"];
  if (threadId && recipients !== undefined)
    throw validation("Send either threadId or recipientIds, not both");
  let target: Thread;
  if (threadId) target = replyTarget(store, threadId);
  else {
    if (!Array.isArray(recipients) || recipients.length === 0) {
      throw validation("threadId or a non-empty recipientIds array is required");
    }
    if (recipients.length > MAX_RECIPIENTS)
      throw validation(`At most ${MAX_RECIPIENTS} recipients per message`);
    if (!recipients.every((r): r is string => typeof r === "string")) {
      throw validation("recipientIds must be strings");
    }
    const people = [...new Set(recipients)].map((id) => participant(store, id));
    const subject = text(body, "subject", { max: 200 }) || "Message from Little Acorns Nursery";
    target = {
      id: `thr_${801 + store.data.threads.length}`,
      subject,
      participants: [...people, OFFICE],
      lastMessageAt: "",
      messages: [],
    };
    store.data.threads.push(target);
  }
  const message: ThreadMessage = {
    id: nextMessageId(store),
    senderType: "staff",
    senderId: OFFICE.id,
    senderName: OFFICE.name,
    content,
    sentAt: store.stamp(),
  };
  target.messages.push(message);
  target.lastMessageAt = message.sentAt;
  return { ...message, threadId: target.id };
}
