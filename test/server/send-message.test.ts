import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { scopeSet } from "../../src/server/caller.js";
import { createConfirmations } from "../../src/server/confirmation.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { assembleRuntime, createRuntime, type Runtime } from "../../src/server/runtime.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { TOOLS } from "../../tools/registry.js";
import { createTestConnector, type TestConnector, testRuntime } from "../helpers/test-connector.js";

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

async function client(runtime: Runtime, elicitAnswer?: "accept" | "decline"): Promise<Client> {
  const connected = await connectInMemory(
    runtime,
    undefined,
    elicitAnswer ? { capabilities: { elicitation: {} } } : {},
  );
  if (elicitAnswer) {
    connected.client.setRequestHandler("elicitation/create", async () =>
      elicitAnswer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" },
    );
  }
  open.push(connected);
  return connected.client;
}

const send = async (c: Client, args: Record<string, unknown>) =>
  (await c.callTool({ name: "send_message", arguments: args })) as CallToolResult;

const message = { recipients: ["parent-7", "parent-3"], content: "Pickup is at 3pm today." };

describe("send_message confirmation", () => {
  it("previews first, sends only with the token, and never sends twice for one token", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }]);
    open.push(runtime);
    const c = await client(runtime);

    const preview = await send(c, message);
    expect(preview.structuredContent).toMatchObject({
      status: "needs_confirmation",
      preview: { recipients: ["parent-3", "parent-7"], content: message.content },
    });
    expect(connector.sent).toHaveLength(0);
    const token = (preview.structuredContent as Record<string, unknown> | undefined)?.[
      "confirmationToken"
    ] as string;

    const changed = await send(c, {
      ...message,
      content: "Pickup is at 4pm today.",
      confirmationToken: token,
    });
    expect(changed.isError).toBe(true);
    expect(connector.sent).toHaveLength(0);

    const confirmed = await send(c, { ...message, confirmationToken: token });
    expect(confirmed.structuredContent).toMatchObject({ status: "sent" });
    const again = await send(c, { ...message, confirmationToken: token });
    expect(again.structuredContent).toMatchObject({ status: "already_sent" });
    expect(connector.sent).toEqual([{ content: message.content, recipients: ["parent-3", "parent-7"] }]);
  });

  it("binds a preview to its caller: another caller's token sends nothing", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }]);
    open.push(runtime);
    const office = await connectInMemory(runtime, { name: "office", scopes: scopeSet(["messages:write"]) });
    const other = await connectInMemory(runtime, { name: "other", scopes: scopeSet(["messages:write"]) });
    open.push(office, other);
    const preview = await send(office.client, message);
    const token = (preview.structuredContent as Record<string, unknown> | undefined)?.[
      "confirmationToken"
    ] as string;
    const stolen = await send(other.client, { ...message, confirmationToken: token });
    expect(stolen.isError).toBe(true);
    expect(stolen.content.map((c) => (c.type === "text" ? c.text : "")).join(" ")).toMatch(
      /issued to another caller.*Nothing was sent/,
    );
    expect(connector.sent).toHaveLength(0);
    const own = await send(office.client, { ...message, confirmationToken: token });
    expect(own.structuredContent).toMatchObject({ status: "sent" });
    expect(connector.sent).toHaveLength(1);
  });

  it("refuses, after a restart, a token whose single use the old process recorded", async () => {
    const secret = "s".repeat(32);
    const binding = { tool: "send_message", connection: "a", caller: "office", content: { content: "x" } };
    const before = createConfirmations({ secret, cache: createSharedCache("memory") });
    const token = before.issue(binding);
    const { nonce } = before.verify(token, binding);
    await before.once(nonce, async () => "sent");
    const restarted = createConfirmations({ secret, cache: createSharedCache("memory") });
    expect(() => restarted.verify(token, binding)).toThrow(/issued before the server restarted/);
    // With a store that outlives the process, the use recorded there is what prevents a second send.
    const durable = createConfirmations({ secret, cache: createSharedCache("memory"), durable: true });
    expect(durable.verify(durable.issue(binding), binding).nonce).toBeTruthy();
  });

  it("will not start replicas that share a secret but not a store", async () => {
    const config = demoConfig({}, { token: "t".repeat(24) });
    config.http.confirmationSecret = "replica-shared-signing-secret-0123456789";
    await expect(createRuntime(config, silentLogger, TOOLS)).rejects.toThrow(/cache.store is memory/);
  });

  it("refuses a forged or expired token", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }]);
    open.push(runtime);
    const c = await client(runtime);
    const forged = await send(c, { ...message, confirmationToken: "eyJ0IjoieCJ9.bad" });
    expect(forged.isError).toBe(true);

    let now = Date.now();
    const confirmations = createConfirmations({
      secret: "s".repeat(32),
      cache: createSharedCache("memory"),
      now: () => now,
    });
    const binding = { tool: "send_message", connection: "a", caller: "office", content: { content: "x" } };
    const token = confirmations.issue(binding);
    expect(confirmations.verify(token, binding).nonce).toBeTruthy();
    now += confirmations.ttlMs + 1;
    expect(() => confirmations.verify(token, binding)).toThrow(/expired/);
    expect(connector.sent).toHaveLength(0);
  });

  it("asks the user through elicitation when the client supports it", async () => {
    const accepted = createTestConnector("a");
    const runtimeA = testRuntime([{ connector: accepted }]);
    open.push(runtimeA);
    const yes = await send(await client(runtimeA, "accept"), message);
    expect(yes.structuredContent).toMatchObject({ status: "sent" });
    expect(accepted.sent).toHaveLength(1);

    const declined = createTestConnector("b");
    const runtimeB = testRuntime([{ connector: declined }]);
    open.push(runtimeB);
    const no = await send(await client(runtimeB, "decline"), message);
    expect(no.structuredContent).toMatchObject({ status: "cancelled" });
    expect(declined.sent).toHaveLength(0);
  });

  it("a token issued by one instance is honoured once across instances sharing the cache and secret", async () => {
    const cache = createSharedCache("memory");
    const connector: TestConnector = createTestConnector("a");
    const instance = () =>
      assembleRuntime({
        tools: TOOLS,
        connections: new Map([[connector.id, { connector, scopes: scopeSet(["messages:write"]) }]]),
        cache,
        logger: silentLogger,
        secret: "shared-secret-shared-secret-shared!",
        filter: { readOnly: false },
      });
    const first = await client(instance());
    const second = await client(instance());
    const token = ((await send(first, message)).structuredContent as Record<string, unknown> | undefined)?.[
      "confirmationToken"
    ] as string;
    const results = await Promise.all([
      send(second, { ...message, confirmationToken: token }),
      send(first, { ...message, confirmationToken: token }),
    ]);
    expect(connector.sent).toHaveLength(1);
    expect(
      results.filter(
        (r) => (r.structuredContent as Record<string, unknown> | undefined)?.["status"] === "sent",
      ),
    ).toHaveLength(1);
    await cache.close();
  });
});
