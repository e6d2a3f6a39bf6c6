import type { Participant, Thread, ThreadMessage } from "./model.js";
import { notFound, validation } from "./reply.js";
import type { NurseryStore } from "./store.js";
import { objectBody, onlyFields, text } from "./validate.js";

/** The service's limit on one message; longer content is refused with 400. */
export const MAX_MESSAGE_LENGTH = 5_000;
export const MAX_RECIPIENTS = 200;
const OFFICE: Participant = { id: "stf_office", type: "staff", name: "Little Acorns Office" };

export function listThreads(store: NurseryStore, query: URLSearchParams): Thread[] {
  const threadId = query.get("threadId");
  if (threadId) return [thread(store, threadId)];
  return [...store.data.threads].sort(
    (a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt) || a.id.localeCompare(b.id),
  );
}

function thread(store: NurseryStore, id: string): Thread {
  const found = store.data.threads.find((t) => t.id === id);
  if (!found) throw notFound("Thread", id);
  return found;
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
  if (threadId) target = thread(store, threadId);
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
  const count = store.data.threads.reduce((sum, t) => sum + t.messages.length, 0);
  const message: ThreadMessage = {
    id: `msg_${9001 + count}`,
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
