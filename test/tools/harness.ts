import type { CallToolResult } from "@modelcontextprotocol/client";
import type { Caller } from "../../src/server/caller.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import type { Runtime } from "../../src/server/runtime.js";

/** One tool call through a real in-memory MCP client; the structured result, its text, and the raw result. */
export async function callThrough(
  runtime: Runtime,
  name: string,
  args: Record<string, unknown>,
  caller?: Caller,
): Promise<{ result: CallToolResult; text: string; structured: Record<string, unknown> }> {
  const connected = await connectInMemory(runtime, caller);
  try {
    const result = (await connected.client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
    return { result, text, structured: (result.structuredContent ?? {}) as Record<string, unknown> };
  } finally {
    await connected.close();
  }
}
