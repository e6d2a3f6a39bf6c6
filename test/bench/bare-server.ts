/**
 * The yardstick for start-up: the smallest useful MCP server, the SDK's McpServer with one tool over stdio,
 * as its README writes it. startup.bench.ts starts it beside school-mcp in the same run.
 */
import { McpServer } from "@modelcontextprotocol/server";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";
import { z } from "zod";

const server = new McpServer({ name: "bare", version: "1.0.0" });
server.registerTool(
  "echo",
  { description: "Echoes its text", inputSchema: { text: z.string() } },
  async ({ text }) => ({ content: [{ type: "text", text }] }),
);
await server.connect(new StdioServerTransport());
