import type { Page } from "../../domain/common.js";
import type { CallContext, SendMessageInput, SentMessage } from "../../domain/connector.js";
import type { MessageThread } from "../../domain/messages.js";
import {
  InvalidResponseError,
  MissingUpstreamScopeError,
  NotFoundError,
  UserInputError,
  WriteOutcomeUnknownError,
} from "../../errors.js";
import type { Clock } from "../../time/clock.js";
import { isRecord, keepMatching, readEach, sameId } from "../common/trust.js";
import type { CentreCareOsApi } from "./api.js";
import { pagedList } from "./cursor.js";
import { type Directory, findRoom } from "./directory.js";
import { MAX_MESSAGE_LENGTH, MAX_RECIPIENTS, PATHS, PROVIDER, QUERY } from "./endpoints.js";
import { toThread } from "./map.js";
import { UpStaff, type UpStudent } from "./wire.js";
import { UpMessage, UpSent, UpThread } from "./wire-messaging.js";

interface Resolved {
  /** Upstream parent or staff ids. */
  ids: string[];
  /** What a person confirming the message reads: "Parents of Robins (17 families)", "Ada Moss (staff)". */
  display: string[];
}

const THREADS = "message threads";
const MESSAGES = "messages";
/** How far before our send a message found by the settling read may be stamped (clocks differ). */
const CLOCK_SKEW_MS = 5 * 60_000;

const parentName = (p: { firstName?: string | null; lastName?: string | null; name?: string | null }) =>
  (p.name ?? [p.firstName, p.lastName].filter(Boolean).join(" ")).trim();

/** A family is the set of a child's parents; siblings share one. */
function familyKey(child: UpStudent): string {
  return (child.parents ?? [])
    .map((p) => p.id ?? "")
    .sort()
    .join("+");
}

/** A thread with its messages read one by one: those of another thread are not its messages. */
function readThread(thread: UpThread, ctx: CallContext): UpMessage[] {
  if (!thread.messages?.length) return [];
  const messages = readEach(thread.messages, UpMessage, MESSAGES, ctx, PROVIDER);
  return keepMatching(messages, (m) => !m.threadId || sameId(m.threadId, thread.id), MESSAGES, ctx);
}

export class MessagingOps {
  constructor(
    private readonly connection: string,
    private readonly label: string,
    private readonly api: CentreCareOsApi,
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {}

  /**
   * The thread with this id. `threadId` is the SDK's filter, but its wire name is open (thread_id in the
   * Python SDK): a server that does not know ours answers every thread, so the one asked for is picked by
   * its own id, from every page; a thread that is not there is not found, never another thread.
   */
  private async thread(threadId: string, ctx: CallContext, fresh = false): Promise<UpThread> {
    const notFound = `${this.label} has no message thread with id ${threadId}.`;
    const raw = await this.api.rawAll(PATHS.messages, { [QUERY.threadId]: threadId }, THREADS, ctx, {
      ...(fresh ? { fresh: true } : { cache: "live" }),
      notFound,
    });
    const found = raw.find((t) => isRecord(t) && sameId(t["id"], threadId));
    if (found === undefined) throw new NotFoundError(notFound);
    const thread = UpThread.safeParse(found);
    if (!thread.success) {
      throw new InvalidResponseError(PROVIDER, `message thread ${threadId} could not be read`);
    }
    return thread.data;
  }

  async list(
    q: { threadId?: string; limit?: number; cursor?: string },
    ctx: CallContext,
  ): Promise<Page<MessageThread>> {
    if (q.threadId) {
      const thread = await this.thread(q.threadId, ctx);
      return { items: [toThread(this.connection, thread, readThread(thread, ctx))], total: 1 };
    }
    const page = await pagedList(
      this.api,
      { path: PATHS.messages, query: {}, read: UpThread, what: THREADS },
      { list: "messages", ...q },
      ctx,
      { cache: "live" },
      (thread) => thread,
    );
    return { ...page, items: this.withMessages(page.items, ctx) };
  }

  /** Threads with their messages; every message of every thread unreadable is an error, one thread's is not. */
  private withMessages(threads: UpThread[], ctx: CallContext): MessageThread[] {
    const raws = threads.flatMap((t, index) => (t.messages ?? []).map((m) => ({ index, m })));
    const read = readEach(
      raws,
      (raw: unknown) => {
        const { index, m } = raw as (typeof raws)[number];
        const parsed = UpMessage.safeParse(m);
        return parsed.success ? { index, message: parsed.data } : undefined;
      },
      MESSAGES,
      ctx,
      PROVIDER,
    );
    return threads.map((thread, index) => {
      const own = read.filter((r) => r.index === index).map((r) => r.message);
      const mine = keepMatching(own, (m) => !m.threadId || sameId(m.threadId, thread.id), MESSAGES, ctx);
      return toThread(this.connection, thread, mine);
    });
  }

  /** Who a message would reach, without sending. Refuses what sendMessage would refuse. */
  async resolve(input: SendMessageInput, ctx: CallContext): Promise<string[]> {
    checkMessage(input);
    if (input.threadId)
      return toThread(this.connection, await this.thread(input.threadId, ctx), []).participants;
    return (await this.resolveRecipients(input.recipients ?? [], ctx)).display;
  }

  /**
   * Sends once: the POST carries no idempotency key, so the upstream layer never retries it. Everything a
   * person could get wrong is refused before the request. An accepted send whose answer is unreadable or
   * names another thread, and a send with no clear answer, are settled by reading the thread back; a send
   * that may have gone is never reported as failed.
   */
  async send(input: SendMessageInput, ctx: CallContext): Promise<SentMessage> {
    checkMessage(input);
    let body: Record<string, unknown>;
    let display: string[];
    if (input.threadId) {
      body = { threadId: input.threadId, content: input.content };
      display = await this.resolve(input, ctx);
    } else {
      const resolved = await this.resolveRecipients(input.recipients ?? [], ctx);
      body = {
        recipientIds: resolved.ids,
        content: input.content,
        ...(input.subject ? { subject: input.subject } : {}),
      };
      display = resolved.display;
    }
    const since = this.clock.now() - CLOCK_SKEW_MS;
    let answer: unknown;
    try {
      answer = await this.api.write("POST", PATHS.messages, body, ctx, {
        invalidates: [PATHS.messages],
        ...(input.threadId
          ? { notFound: `${this.label} has no message thread with id ${input.threadId}.` }
          : {}),
      });
    } catch (error) {
      if (error instanceof WriteOutcomeUnknownError) return this.settle(input, display, since, ctx, error);
      throw error;
    }
    const sent = UpSent.safeParse(answer);
    if (sent.success) {
      const threadId = sent.data.threadId ?? input.threadId;
      if (threadId && (!input.threadId || sameId(threadId, input.threadId))) {
        return { threadId, messageId: sent.data.id, sentAt: sent.data.sentAt, recipients: display };
      }
    }
    return this.settle(input, display, since, ctx);
  }

  /** After a send with no clear answer: our message, found where it went, or "may have gone". */
  private async settle(
    input: SendMessageInput,
    recipients: string[],
    since: number,
    ctx: CallContext,
    cause?: WriteOutcomeUnknownError,
  ): Promise<SentMessage> {
    const where = input.threadId ? `thread ${input.threadId}` : "a new thread";
    const what = `sending the message to ${where}`;
    const check = input.threadId
      ? `Look at thread ${input.threadId} (list_messages, or CentreCareOS itself)`
      : "Look at the newest threads (list_messages, or CentreCareOS itself)";
    let threads: UpThread[];
    try {
      threads = input.threadId
        ? [await this.thread(input.threadId, ctx, true)]
        : await this.api.all(PATHS.messages, {}, UpThread, THREADS, ctx, { fresh: true });
    } catch {
      throw cause ?? new WriteOutcomeUnknownError(PROVIDER, what, check);
    }
    const content = input.content.trim();
    const found = threads
      .flatMap((thread) =>
        (thread.messages ?? []).flatMap((raw) => {
          const m = UpMessage.safeParse(raw);
          return m.success && (!m.data.threadId || sameId(m.data.threadId, thread.id))
            ? [{ thread, message: m.data }]
            : [];
        }),
      )
      .filter(
        ({ thread, message }) =>
          message.content.trim() === content &&
          Date.parse(message.sentAt) >= since &&
          (input.threadId !== undefined || !input.subject || thread.subject === input.subject),
      )
      .sort((a, b) => Date.parse(b.message.sentAt) - Date.parse(a.message.sentAt))[0];
    if (found) {
      return {
        threadId: found.thread.id,
        messageId: found.message.id,
        sentAt: found.message.sentAt,
        recipients,
      };
    }
    throw new WriteOutcomeUnknownError(
      PROVIDER,
      what,
      `A read just afterwards does not show it yet. ${check}`,
    );
  }

  /** Room ids or names become that room's parents; other entries must be parent or staff ids. */
  private async resolveRecipients(entries: string[], ctx: CallContext): Promise<Resolved> {
    const rooms = await this.directory.rooms(ctx).catch(tolerateMissingScope);
    const ids = new Set<string>();
    const display: string[] = [];
    let students: UpStudent[] | undefined;
    let staff: UpStaff[] | undefined;
    for (const raw of entries) {
      const entry = raw.trim();
      const room = findRoom(rooms, entry);
      if (room) {
        const children = (await this.directory.roomChildren(room.id, ctx)).filter(
          (c) => (c.parents ?? []).length,
        );
        const families = new Set(children.map(familyKey));
        for (const child of children)
          for (const parent of child.parents ?? []) if (parent.id) ids.add(parent.id);
        display.push(
          `Parents of ${room.name} (${families.size} ${families.size === 1 ? "family" : "families"})`,
        );
        continue;
      }
      students ??= await this.directory.enrolled(ctx);
      const parent = students.flatMap((s) => s.parents ?? []).find((p) => sameId(p.id, entry));
      if (parent) {
        ids.add(entry);
        display.push(`${parentName(parent)} (parent)`);
        continue;
      }
      staff ??= await this.api
        .all(PATHS.staff, {}, UpStaff, "staff records", ctx, { cache: "directory" })
        .catch(tolerateMissingScope);
      const member = staff.find((s) => sameId(s.id, entry));
      if (member) {
        ids.add(entry);
        display.push(`${member.firstName} ${member.lastName} (staff)`);
        continue;
      }
      const roomNames = rooms.map((r) => r.name).join(", ");
      throw new UserInputError(
        `Recipient "${entry.slice(0, 60)}" is not a parent or staff id, or a room${roomNames ? ` (${roomNames})` : ""}.`,
        "recipients",
      );
    }
    if (ids.size === 0)
      throw new UserInputError("Those recipients reach nobody: no parents are on file.", "recipients");
    if (ids.size > MAX_RECIPIENTS) {
      throw new UserInputError(
        `That reaches ${ids.size} people; ${this.label} takes at most ${MAX_RECIPIENTS}.`,
        "recipients",
      );
    }
    return { ids: [...ids].sort(), display };
  }
}

/** A key that may not read a list just means no recipients of that kind. */
function tolerateMissingScope(error: unknown): never[] {
  if (error instanceof MissingUpstreamScopeError) return [];
  throw error;
}

/** The checks that need no request. */
function checkMessage(input: SendMessageInput): void {
  if (input.content.trim() === "") throw new UserInputError("The message is empty.", "content");
  if (input.content.length > MAX_MESSAGE_LENGTH) {
    throw new UserInputError(
      `The message is ${input.content.length} characters; CentreCareOS takes at most ${MAX_MESSAGE_LENGTH}. Shorten it or split it.`,
      "content",
    );
  }
  const recipients = (input.recipients ?? []).filter((r) => r.trim() !== "");
  if (input.threadId && recipients.length)
    throw new UserInputError("Give threadId or recipients, not both.", "recipients");
  if (!input.threadId && recipients.length === 0) {
    throw new UserInputError("Give a threadId to reply, or at least one recipient.", "recipients");
  }
  if (recipients.length > MAX_RECIPIENTS) {
    throw new UserInputError(`At most ${MAX_RECIPIENTS} recipients per message.`, "recipients");
  }
}
