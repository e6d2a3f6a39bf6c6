import type { Page } from "../../domain/common.js";
import type { CallContext, SendMessageInput, SentMessage } from "../../domain/connector.js";
import type { MessageThread } from "../../domain/messages.js";
import { MissingUpstreamScopeError, NotFoundError, UserInputError } from "../../errors.js";
import type { CentreCareOsApi } from "./api.js";
import { pagedList } from "./cursor.js";
import { type Directory, findRoom } from "./directory.js";
import { MAX_MESSAGE_LENGTH, MAX_RECIPIENTS, PATHS, QUERY } from "./endpoints.js";
import { toThread } from "./map.js";
import { UpMessage, UpStaff, type UpStudent, UpThread } from "./schemas.js";

interface Resolved {
  /** Upstream parent or staff ids. */
  ids: string[];
  /** What a person confirming the message reads: "Parents of Robins (17 families)", "Ada Moss (staff)". */
  display: string[];
}

const parentName = (p: { firstName?: string | null; lastName?: string | null; name?: string | null }) =>
  (p.name ?? [p.firstName, p.lastName].filter(Boolean).join(" ")).trim();

/** A family is the set of a child's parents; siblings share one. */
function familyKey(child: UpStudent): string {
  return (child.parents ?? [])
    .map((p) => p.id ?? "")
    .sort()
    .join("+");
}

export class MessagingOps {
  constructor(
    private readonly connection: string,
    private readonly label: string,
    private readonly api: CentreCareOsApi,
    private readonly directory: Directory,
  ) {}

  async list(
    q: { threadId?: string; limit?: number; cursor?: string },
    ctx: CallContext,
  ): Promise<Page<MessageThread>> {
    if (q.threadId) {
      const [thread] = await this.api.all(
        PATHS.messages,
        { [QUERY.threadId]: q.threadId },
        UpThread,
        "thread",
        ctx,
        {
          cache: "live",
          notFound: `${this.label} has no message thread with id ${q.threadId}.`,
        },
      );
      if (!thread) throw new NotFoundError(`${this.label} has no message thread with id ${q.threadId}.`);
      return { items: [toThread(this.connection, thread)] };
    }
    return pagedList(
      this.api,
      { path: PATHS.messages, query: {}, schema: UpThread, what: "thread" },
      { list: "messages", ...q },
      ctx,
      { cache: "live" },
      (thread) => toThread(this.connection, thread),
    );
  }

  /** Who a message would reach, without sending. Refuses what sendMessage would refuse. */
  async resolve(input: SendMessageInput, ctx: CallContext): Promise<string[]> {
    checkMessage(input);
    if (input.threadId) {
      const page = await this.list({ threadId: input.threadId }, ctx);
      return page.items[0]?.participants ?? [];
    }
    return (await this.resolveRecipients(input.recipients ?? [], ctx)).display;
  }

  /**
   * Sends once: the POST carries no idempotency key, so the upstream layer never retries it. Everything a
   * person could get wrong is refused before the request.
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
    const sent = await this.api.write("POST", PATHS.messages, body, UpMessage, "message", ctx, {
      invalidates: [PATHS.messages],
      ...(input.threadId
        ? { notFound: `${this.label} has no message thread with id ${input.threadId}.` }
        : {}),
    });
    const threadId = sent.threadId ?? input.threadId;
    if (!threadId) throw new NotFoundError(`${this.label} did not say which thread the message went to.`);
    return { threadId, messageId: sent.id, sentAt: sent.sentAt, recipients: display };
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
      const parent = students.flatMap((s) => s.parents ?? []).find((p) => p.id === entry);
      if (parent) {
        ids.add(entry);
        display.push(`${parentName(parent)} (parent)`);
        continue;
      }
      staff ??= await this.api
        .all(PATHS.staff, {}, UpStaff, "staff member", ctx, { cache: "directory" })
        .catch(tolerateMissingScope);
      const member = staff.find((s) => s.id === entry);
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
