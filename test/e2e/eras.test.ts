import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectInMemory } from "../../src/server/in-memory.js";
import { startHttpDemo } from "../helpers/http-demo.js";
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

let http: ChildProcess;
let httpUrl: string;

beforeAll(async () => {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first (npm test does)`);
  const demo = await startHttpDemo(ENTRY, TOKEN);
  http = demo.process;
  httpUrl = demo.url;
}, 30_000);

afterAll(() => {
  http.kill("SIGTERM");
});

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
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [ENTRY, "demo", "--latency-ms", "0", "--jitter-ms", "0"],
        stderr: "ignore",
      }),
    );
    try {
      await check(client, modern);
    } finally {
      await client.close();
    }
  }, 30_000);

  it("over HTTP", async () => {
    const client = new Client({ name: "eras", version: "1" }, options);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(httpUrl), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
    try {
      await check(client, modern);
    } finally {
      await client.close();
    }
  }, 30_000);
});

describe("in memory", () => {
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
