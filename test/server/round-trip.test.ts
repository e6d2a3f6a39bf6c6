import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { connectInMemory } from "../../src/server/in-memory.js";
import { createTestConnector, type TestConnector, testRuntime } from "../helpers/test-connector.js";

/**
 * send_message confirmation through multi-round-trip requests (2026-07-28), driven by hand: the client does
 * not fulfil `input_required` itself, so each round and every replay is visible.
 */
let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

interface InputRequired {
  resultType: "input_required";
  inputRequests: Record<string, { method: string; params: { message: string } }>;
  requestState: string;
}

async function setUp(elicitation: boolean): Promise<{ client: Client; connector: TestConnector }> {
  const connector = createTestConnector("a");
  const runtime = testRuntime([{ connector }]);
  open.push(runtime);
  const connected = await connectInMemory(runtime, undefined, {
    versionNegotiation: { mode: "auto" },
    inputRequired: { autoFulfill: false },
    ...(elicitation ? { capabilities: { elicitation: { form: {} } } } : {}),
  });
  open.unshift(connected);
  return { client: connected.client, connector };
}

const message = { recipients: ["parent-3"], content: "Pickup is at 3pm today." };

const call = async (client: Client, params: Record<string, unknown>) =>
  (await client.callTool({ name: "send_message", ...params } as never, {
    allowInputRequired: true,
  })) as unknown as CallToolResult | InputRequired;

const answer = (confirm: boolean) => ({
  confirm: confirm ? { action: "accept", content: { confirm: true } } : { action: "decline" },
});

describe("send_message through input_required", () => {
  it("asks first, sends on the approved retry, and refuses a replay of the same answer", async () => {
    const { client, connector } = await setUp(true);
    const first = (await call(client, { arguments: message })) as InputRequired;
    expect(first.resultType).toBe("input_required");
    expect(first.inputRequests["confirm"]?.method).toBe("elicitation/create");
    expect(first.inputRequests["confirm"]?.params.message).toContain(message.content);
    expect(connector.sent).toHaveLength(0);

    const retry = { arguments: message, inputResponses: answer(true), requestState: first.requestState };
    const sent = (await call(client, retry)) as CallToolResult;
    expect(sent.structuredContent).toMatchObject({ status: "sent" });
    expect(connector.sent).toHaveLength(1);

    const replay = (await call(client, retry)) as CallToolResult;
    expect(replay.isError).toBe(true);
    expect(JSON.stringify(replay.content)).toMatch(/already used/);
    expect(connector.sent).toHaveLength(1);
  });

  it("sends nothing when the user declines", async () => {
    const { client, connector } = await setUp(true);
    const first = (await call(client, { arguments: message })) as InputRequired;
    const declined = (await call(client, {
      arguments: message,
      inputResponses: answer(false),
      requestState: first.requestState,
    })) as CallToolResult;
    expect(declined.structuredContent).toMatchObject({ status: "cancelled" });
    expect(connector.sent).toHaveLength(0);
  });

  it("asks again when the retry's content differs from what was approved, or its state is forged", async () => {
    const { client, connector } = await setUp(true);
    const first = (await call(client, { arguments: message })) as InputRequired;
    const changed = (await call(client, {
      arguments: { ...message, content: "Pickup is at 4pm today." },
      inputResponses: answer(true),
      requestState: first.requestState,
    })) as InputRequired;
    expect(changed.resultType).toBe("input_required");
    expect(changed.inputRequests["confirm"]?.params.message).toContain("4pm");
    const forged = (await call(client, {
      arguments: message,
      inputResponses: answer(true),
      requestState: `${first.requestState.split(".")[0]}.forged`,
    })) as InputRequired;
    expect(forged.resultType).toBe("input_required");
    expect(connector.sent).toHaveLength(0);
  });

  it("gives a client without elicitation the signed confirmation token instead", async () => {
    const { client, connector } = await setUp(false);
    const preview = (await call(client, { arguments: message })) as CallToolResult;
    expect(preview.structuredContent).toMatchObject({ status: "needs_confirmation" });
    expect(typeof (preview.structuredContent as Record<string, unknown>)["confirmationToken"]).toBe("string");
    expect(connector.sent).toHaveLength(0);
  });
});
