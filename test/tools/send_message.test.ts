import { describe, expect, it } from "vitest";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";
import { callThrough, expectCleanError, expectOutputMatches, sharedChecks } from "./harness.js";

describe("send_message", () => {
  sharedChecks(
    "send_message",
    { threadId: "t1", content: "Hello" },
    { content: "" },
    /content: must not be empty/,
  );

  it("previews first, sends only with the token, and never twice", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }]);
    const args = { recipients: ["Robins"], subject: "Trip", content: "Coats tomorrow, please." };
    const first = await callThrough(runtime, "send_message", args);
    expectOutputMatches("send_message", first.structured);
    expect(first.text).toMatch(
      /NOT SENT YET[\s\S]*To: Robins\nSubject: Trip\n---\nCoats tomorrow, please\.\n---/,
    );
    expect(connector.sent).toHaveLength(0);
    const token = first.structured["confirmationToken"] as string;
    const second = await callThrough(runtime, "send_message", { ...args, confirmationToken: token });
    expectOutputMatches("send_message", second.structured);
    expect(second.text).toMatch(/Sent to Robins \(thread t-1\)\./);
    const third = await callThrough(runtime, "send_message", { ...args, confirmationToken: token });
    expect(third.text).toMatch(/Already sent earlier with this confirmation/);
    expect(connector.sent).toHaveLength(1);
    await runtime.close();
  });

  it("refuses a token for different content and sends nothing", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }]);
    const first = await callThrough(runtime, "send_message", { threadId: "t1", content: "Yes" });
    const token = first.structured["confirmationToken"] as string;
    const { result, text } = await callThrough(runtime, "send_message", {
      threadId: "t1",
      content: "No",
      confirmationToken: token,
    });
    expectCleanError(result, text, /confirmation/i);
    expect(connector.sent).toHaveLength(0);
    await runtime.close();
  });

  it("asks for a thread or recipients, not both", async () => {
    const runtime = testRuntime([{ connector: createTestConnector("a") }]);
    const none = await callThrough(runtime, "send_message", { content: "Hi" });
    expectCleanError(none.result, none.text, /Give threadId to reply, or at least one recipient/);
    const both = await callThrough(runtime, "send_message", {
      content: "Hi",
      threadId: "t",
      recipients: ["x"],
    });
    expectCleanError(both.result, both.text, /not both/);
    await runtime.close();
  });
});
