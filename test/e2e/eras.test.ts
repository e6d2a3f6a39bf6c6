import { type CallToolResult, Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { describe, expect, it } from "vitest";
import { connectInMemory } from "../../src/server/in-memory.js";
import { useHttpDemo } from "../helpers/http-demo.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";

const ENTRY = "dist/bin/school-mcp.js";
const TOKEN = "eras-token-0123456789abcdef";
const ERAS = [
  { name: "2025-11-25 (initialize)", options: {}, modern: false },
  {
    name: "2026-07-28 (stateless, server/discover)",
    options: { versionNegotiation: { mode: "auto" } },
    modern: true,
  },
] as const;

const served = useHttpDemo(ENTRY, TOKEN);

/** The demo over stdio, a fresh process per client. */
const stdioDemo = () =>
  new StdioClientTransport({
    command: process.execPath,
    args: [ENTRY, "demo", "--latency-ms", "0", "--jitter-ms", "0"],
    stderr: "ignore",
  });
/** The one HTTP demo of this file, with its token. */
const httpDemo = () =>
  new StreamableHTTPClientTransport(new URL(served.url()), {
    requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
  });

const MESSAGE = {
  connection: "little-acorns",
  recipients: ["Robins"],
  subject: "Pickup",
  content: "Pickup is at 3pm today.",
};

/** A client that declares elicitation and records every question it is asked, answering `answer`. */
function confirmingClient(
  options: ConstructorParameters<typeof Client>[1],
  answer: "accept" | "decline",
): { client: Client; asked: string[] } {
  const asked: string[] = [];
  const client = new Client(
    { name: "eras", version: "1" },
    {
      ...options,
      capabilities: { elicitation: { form: {} } },
    },
  );
  client.setRequestHandler("elicitation/create", async (request) => {
    asked.push(String((request.params as { message?: unknown }).message));
    return answer === "accept" ? { action: "accept", content: { confirm: true } } : { action: "decline" };
  });
  return { client, asked };
}

const sendMessage = async (client: Client, args: Record<string, unknown>) =>
  (await client.callTool({ name: "send_message", arguments: args })) as CallToolResult;

async function check(client: Client, modern: boolean): Promise<void> {
  const version = client.getNegotiatedProtocolVersion();
  expect(version).toBe(modern ? "2026-07-28" : "2025-11-25");
  const tools = await client.listTools();
  expect(tools.tools.map((t) => t.name)).toContain("list_connections");
  const answer = await client.callTool({ name: "list_connections", arguments: {} });
  expect(answer.isError).toBeFalsy();
  const prompts = await client.listPrompts();
  expect(prompts.prompts.map((p) => p.name)).toContain("morning_register_check");
  const templates = await client.listResourceTemplates();
  expect(templates.resourceTemplates.map((t) => t.uriTemplate)).toContain(
    "school://{connection}/students/{studentId}",
  );
}

describe.each(ERAS)("era $name", ({ options, modern }) => {
  it("over stdio", async () => {
    const client = new Client({ name: "eras", version: "1" }, options);
    await client.connect(stdioDemo());
    try {
      await check(client, modern);
    } finally {
      await client.close();
    }
  }, 30_000);

  it("over HTTP", async () => {
    const client = new Client({ name: "eras", version: "1" }, options);
    await client.connect(httpDemo());
    try {
      await check(client, modern);
    } finally {
      await client.close();
    }
  }, 30_000);
});

describe("send_message confirmed by the user", () => {
  it("2026-07-28 over HTTP: the first call returns input_required, the retry with the answer sends", async () => {
    const { client, asked } = confirmingClient(ERAS[1].options, "accept");
    await client.connect(httpDemo());
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
      const result = await sendMessage(client, MESSAGE);
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ status: "sent" });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain("Pickup is at 3pm today.");
      expect(asked[0]).toMatch(/Parents of Robins/);
    } finally {
      await client.close();
    }
  }, 30_000);

  it.each([
    { answer: "decline", status: "cancelled" },
    { answer: "accept", status: "sent" },
  ] as const)(
    "2025-11-25 over stdio: the server asks through elicitation; $answer gives $status",
    async ({ answer, status }) => {
      const { client, asked } = confirmingClient(ERAS[0].options, answer);
      await client.connect(stdioDemo());
      try {
        expect(client.getNegotiatedProtocolVersion()).toBe("2025-11-25");
        const result = await sendMessage(client, MESSAGE);
        expect(result.structuredContent).toMatchObject({ status });
        expect(asked).toHaveLength(1);
        expect(asked[0]).toContain("Pickup is at 3pm today.");
      } finally {
        await client.close();
      }
    },
    30_000,
  );
});

describe("in memory", () => {
  it("serves the 2026-07-28 era in process and confirms send_message through input_required", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }]);
    const { client, close } = await connectInMemory(runtime, undefined, {
      versionNegotiation: { mode: "auto" },
      capabilities: { elicitation: { form: {} } },
    });
    const asked: string[] = [];
    client.setRequestHandler("elicitation/create", async (request) => {
      asked.push(String((request.params as { message?: unknown }).message));
      return { action: "accept", content: { confirm: true } };
    });
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
      const result = await sendMessage(client, { recipients: ["parent-3"], content: "See you at 3pm." });
      expect(result.structuredContent).toMatchObject({ status: "sent" });
      expect(asked).toEqual([expect.stringContaining("See you at 3pm.")]);
      expect(connector.sent).toHaveLength(1);
    } finally {
      await close();
      await runtime.close();
    }
  });

  it("serves the 2025-11-25 era to an in-process client", async () => {
    const runtime = testRuntime([{ connector: createTestConnector("a") }]);
    const { client, close } = await connectInMemory(runtime);
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe("2025-11-25");
      const tools = await client.listTools();
      expect(tools.tools.length).toBeGreaterThan(0);
      const prompt = await client.getPrompt({ name: "wellbeing_review", arguments: { yearGroup: "Year 9" } });
      expect(JSON.stringify(prompt.messages)).toContain("Year 9");
      const completion = await client.complete({
        ref: { type: "ref/prompt", name: "wellbeing_review" },
        argument: { name: "connection", value: "" },
      });
      expect(completion.completion.values).toEqual(["a"]);
    } finally {
      await close();
      await runtime.close();
    }
  });
});
