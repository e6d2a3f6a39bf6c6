import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import { connectInMemory } from "../../server/in-memory.js";
import type { Flags } from "../options.js";
import { open } from "../setup.js";

/** One tool call through a real in-process MCP client; the structured result goes to stdout as JSON. */
export async function call(tool: string | undefined, flags: Flags, logger: Logger): Promise<number> {
  if (!tool) throw new UserInputError("call needs a tool name, e.g. school-mcp call list_connections --demo");
  let args: unknown = {};
  if (flags.args !== undefined) {
    try {
      args = JSON.parse(flags.args);
    } catch {
      throw new UserInputError("--args must be a JSON object");
    }
  }
  const opened = await open(flags, logger, { demo: flags.demo === true });
  const { client, close } = await connectInMemory(opened.runtime);
  try {
    const { tools } = await client.listTools();
    if (!tools.some((t) => t.name === tool)) {
      throw new UserInputError(
        `unknown or unavailable tool "${tool}". Available: ${tools.map((t) => t.name).join(", ")}`,
      );
    }
    const result = (await client.callTool({
      name: tool,
      arguments: args as Record<string, unknown>,
    })) as CallToolResult;
    if (result.isError) {
      process.stderr.write(`${result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n")}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify(result.structuredContent, null, 2)}\n`);
    return 0;
  } finally {
    await close();
    await opened.close();
  }
}
