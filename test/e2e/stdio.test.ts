import { existsSync } from "node:fs";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeTool } from "../../src/server/create-server.js";
import { TOOLS } from "../../tools/registry.js";

const ENTRY = "dist/bin/school-mcp.js";

describe("stdio: a spawned `school-mcp demo` driven by the SDK client", () => {
  let client: Client;
  let stderr = "";

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first (npm test does)`);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [ENTRY, "demo", "--latency-ms", "0", "--jitter-ms", "0"],
      stderr: "pipe",
      env: { ...process.env, SCHOOL_MCP_LOG_LEVEL: "info" } as Record<string, string>,
    });
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    client = new Client({ name: "stdio-e2e", version: "1" });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
  });

  it("lists the demo's tools with the same schemas the server describes", async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["list_connections", "list_students", "send_message", "get_timetable"]),
    );
    const listed = tools.find((t) => t.name === "get_attendance");
    const described = describeTool(TOOLS.find((t) => t.name === "get_attendance")!);
    expect(listed?.inputSchema).toEqual(described.inputSchema);
  });

  it("calls a tool and gets structuredContent the client validated against the outputSchema", async () => {
    // The SDK client validates structuredContent against the tool's outputSchema and throws when it does not match.
    const result = (await client.callTool({ name: "list_connections", arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const connections = (result.structuredContent as { connections: { connection: string }[] }).connections;
    expect(connections.map((c) => c.connection).sort()).toEqual(
      ["classcharts-parent", "classcharts-student", "little-acorns", "oakfield"].sort(),
    );
    const students = (await client.callTool({
      name: "list_students",
      arguments: { connection: "little-acorns" },
    })) as CallToolResult;
    expect(students.isError).toBeFalsy();
    expect((students.structuredContent as { students: unknown[] }).students.length).toBeGreaterThan(10);
  });

  it("keeps logs on stderr as JSON lines, without secrets", () => {
    const lines = stderr.trim().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(stderr).not.toMatch(/ccapi_[A-Za-z0-9]{32}/);
  });
});
