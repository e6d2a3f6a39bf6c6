import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, UserInputError, WriteOutcomeUnknownError } from "../../src/errors.js";
import type { CentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import {
  type CentreCareOsHarness,
  type CentreCareOsOps,
  callContext,
  REPLY_INSTANTS,
  startCentreCareOsHarness,
} from "./centrecareos-harness.js";

/** Sending and resolving recipients, connector against sandbox over loopback HTTP. */
let harness: CentreCareOsHarness;
let sandbox: CentreCareOsSandbox;
let connector: CentreCareOsOps;
const ctx = callContext();

beforeAll(async () => {
  harness = await startCentreCareOsHarness({ seed: 41 });
  ({ sandbox, connector } = harness);
});
afterAll(() => harness.close());
beforeEach(() => sandbox.faults.reset());

const messagePosts = () => sandbox.state.store.data.threads.reduce((n, t) => n + t.messages.length, 0);

/** Distinct families (parent sets) of the enrolled children in a room, from the sandbox's own data. */
function robinsFamilies() {
  const robins = sandbox.state.store.data.students.filter(
    (s) => s.roomId === "room_1" && s.enrollmentStatus === "enrolled",
  );
  const parents = new Set(robins.flatMap((s) => s.parents.map((p) => p.id)));
  const families = new Set(
    robins.map((s) =>
      s.parents
        .map((p) => p.id)
        .sort()
        .join("+"),
    ),
  );
  return { parents, families: families.size };
}

describe("resolveRecipients", () => {
  it("turns a room name into that room's parents, counted by family", async () => {
    const { families } = robinsFamilies();
    const shown = await connector.resolveRecipients({ recipients: ["Robins"], content: "Hi" }, ctx);
    expect(shown).toEqual([`Parents of Robins (${families} ${families === 1 ? "family" : "families"})`]);
  });

  it("names parents and staff given by id, and thread participants", async () => {
    const parent = sandbox.state.store.data.students[0]?.parents[0];
    const staff = sandbox.state.store.data.staff[3];
    const shown = await connector.resolveRecipients(
      { recipients: [parent?.id ?? "", staff?.id ?? ""], content: "Hi" },
      ctx,
    );
    expect(shown).toEqual([
      `${parent?.firstName} ${parent?.lastName} (parent)`,
      `${staff?.firstName} ${staff?.lastName} (staff)`,
    ]);
    const thread = sandbox.state.store.data.threads[0];
    const participants = await connector.resolveRecipients(
      { threadId: thread?.id ?? "", content: "Hi" },
      ctx,
    );
    expect(participants).toEqual(thread?.participants.map((p) => `${p.name} (${p.type})`));
  });

  it("refuses, before any request, empty or oversized content and missing recipients", async () => {
    const before = sandbox.server.stats.requests;
    const cases = [
      { recipients: ["Robins"], content: "   " },
      { recipients: ["Robins"], content: "x".repeat(5_001) },
      { recipients: [], content: "Hello" },
      { content: "Hello" },
      { threadId: "thr_801", recipients: ["Robins"], content: "Hello" },
    ];
    for (const input of cases) {
      await expect(connector.resolveRecipients(input, ctx)).rejects.toBeInstanceOf(UserInputError);
      await expect(connector.sendMessage(input, ctx)).rejects.toBeInstanceOf(UserInputError);
    }
    await expect(connector.sendMessage(cases[1] as (typeof cases)[1], ctx)).rejects.toThrow(/at most 5000/);
    expect(sandbox.server.stats.requests).toBe(before);
  });

  it("refuses a recipient that is neither a room nor a parent or staff id, listing the rooms", async () => {
    const attempt = connector.resolveRecipients({ recipients: ["Year 9"], content: "Hi" }, ctx);
    await expect(attempt).rejects.toBeInstanceOf(UserInputError);
    await expect(attempt).rejects.toThrow("Robins, Wrens, Owls, Kingfishers");
  });
});

describe("sendMessage", () => {
  it("messages a room's parents in a new thread", async () => {
    const { parents } = robinsFamilies();
    const sent = await connector.sendMessage(
      { recipients: ["Robins"], subject: "Pickup", content: "Pickup is at 3pm today." },
      ctx,
    );
    expect(sent.recipients[0]).toMatch(/^Parents of Robins/);
    const thread = sandbox.state.store.data.threads.find((t) => t.id === sent.threadId);
    expect(thread?.subject).toBe("Pickup");
    expect(new Set(thread?.participants.filter((p) => p.type === "parent").map((p) => p.id))).toEqual(
      parents,
    );
    expect(thread?.messages.map((m) => m.id)).toEqual([sent.messageId]);
    const listed = await connector.listMessages({ threadId: sent.threadId }, ctx);
    expect(listed.items[0]?.messages?.[0]?.content).toBe("Pickup is at 3pm today.");
  });

  it("never retries a send: one attempt, settled by reading the thread, reported as possibly made", async () => {
    const threadId = sandbox.state.store.data.threads[0]?.id ?? "";
    await connector.resolveRecipients({ threadId, content: "Once" }, ctx);
    const before = messagePosts();
    const posts = sandbox.server.stats.byPath.get("/api/v1/messages") ?? 0;
    // The thread lookup is cached; the POST is the next request and meets the fault.
    sandbox.faults.script("503", 1);
    // A 503 to a send cannot say whether the message went; here the sandbox failed before writing it, so
    // the read that follows does not find it and the answer stays "may have been sent".
    const attempt = connector.sendMessage({ threadId, content: "Once" }, ctx);
    await expect(attempt).rejects.toBeInstanceOf(WriteOutcomeUnknownError);
    await expect(attempt).rejects.toThrow(`Look at thread ${threadId}`);
    expect(messagePosts()).toBe(before);
    // The faulted POST is not counted as answered; the one request that was is the settling read.
    expect(sandbox.server.stats.byPath.get("/api/v1/messages")).toBe(posts + 1);
  });
});

describe.each(REPLY_INSTANTS)("a reply at $name", ({ at }) => {
  let pinned: CentreCareOsHarness;
  beforeAll(async () => {
    pinned = await startCentreCareOsHarness({ seed: 41, at });
  });
  afterAll(() => pinned.close());

  it("goes into the thread, and the next list shows that thread first", async () => {
    const { connector: replying, clock } = pinned;
    const before = await replying.listMessages({}, ctx);
    const oldest = before.items.at(-1);
    // Nothing listed was sent later than now, so a reply sent now must come first.
    for (const thread of before.items) {
      expect(Date.parse(thread.lastMessageAt ?? "")).toBeLessThanOrEqual(clock.now());
    }
    const sent = await replying.sendMessage({ threadId: oldest?.id ?? "", content: "Thanks!" }, ctx);
    expect(sent.threadId).toBe(oldest?.id);
    expect(Date.parse(sent.sentAt ?? "")).toBeLessThanOrEqual(clock.now());
    const threads = await replying.listMessages({}, ctx);
    expect(threads.items[0]?.id).toBe(oldest?.id);
    expect(threads.items[0]?.lastMessageAt).toBe(sent.sentAt);
    expect(threads.items[0]?.messages?.at(-1)?.content).toBe("Thanks!");
    await expect(replying.sendMessage({ threadId: "thr_0", content: "x" }, ctx)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
