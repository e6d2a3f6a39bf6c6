import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { didYouMean } from "../../config/suggest.js";
import { UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { Flags } from "../options.js";
import { type LoadTools, open } from "../setup.js";

/**
 * Past the tool deadline a call still renders and returns what it has; this much longer the client waits
 * before it gives up on an answer.
 */
export const ANSWER_GRACE_MS = 15_000;

/** One tool call through a real in-process MCP client; the structured result goes to stdout as JSON. */
export async function call(
  tool: string | undefined,
  flags: Flags,
  logger: Logger,
  loadTools: LoadTools,
): Promise<number> {
  if (!tool) throw new UserInputError("call needs a tool name, e.g. school-mcp call list_connections --demo");
  let args: unknown = {};
  if (flags.args !== undefined) {
    try {
      args = JSON.parse(flags.args);
    } catch {
      throw new UserInputError("--args must be a JSON object");
    }
  }
  const opened = await open(flags, logger, { demo: flags.demo === true, loadTools });
  const { connectInMemory } = await import("../../server/in-memory.js");
  const { client, close } = await connectInMemory(opened.runtime);
  try {
    const result = await callThrough(client, tool, args, opened.runtime.deadlineMs);
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

/**
 * Lists, then calls. The SDK client gives up on any request after 60 s unless told otherwise, while a tool
 * may work up to toolDeadlineSeconds (300 at most): the call waits for the deadline and the grace after it.
 */
export async function callThrough(
  client: Pick<Client, "listTools" | "callTool">,
  tool: string,
  args: unknown,
  deadlineMs: number,
): Promise<CallToolResult> {
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === tool)) {
    const names = tools.map((t) => t.name);
    throw new UserInputError(
      `unknown or unavailable tool "${tool}"${didYouMean(tool, names)}. Available: ${names.join(", ")}`,
    );
  }
  return (await client.callTool(
    { name: tool, arguments: args as Record<string, unknown> },
    {
      timeout: deadlineMs + ANSWER_GRACE_MS,
    },
  )) as CallToolResult;
}
