import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Caller } from "./caller.js";
import type { AnyTool } from "./define-tool.js";
import type { Runtime } from "./runtime.js";
import { startTask } from "./tasks.js";
import { callTool } from "./wrapper.js";

/** Rounds a task asks at most before it answers with what it has (each round waits the tool's deadline). */
const MAX_ROUNDS = 200;

/**
 * A tool call carried on as a task: the call runs through the same wrapper (scopes, validation, audit); a
 * partial answer for one connection is asked again with its cursor, so the background work the first round
 * left (paced by the same rate limiter) is collected until the answer is whole. A question over several
 * connections without one named keeps its cursors, as a direct call would.
 */
export function continueAsTask(
  runtime: Runtime,
  caller: Caller,
  tool: AnyTool,
  rawArgs: Record<string, unknown> | undefined,
): Promise<Record<string, unknown>> {
  return startTask(runtime, caller, async (isCancelled) => {
    const controller = new AbortController();
    let args: Record<string, unknown> = { ...(rawArgs ?? {}) };
    let result: CallToolResult = await callTool(runtime, caller, tool, args, { signal: controller.signal });
    for (let round = 1; round < MAX_ROUNDS; round += 1) {
      const cursor = continuationCursor(result, args);
      if (cursor === undefined) break;
      if (await isCancelled()) {
        controller.abort();
        break;
      }
      args = { ...args, cursor };
      result = await callTool(runtime, caller, tool, args, { signal: controller.signal });
    }
    return result;
  });
}

/** The cursor to ask again with: only for a call naming its connection, whose one summary is partial. */
function continuationCursor(result: CallToolResult, args: Record<string, unknown>): string | undefined {
  if (result.isError || typeof args["connection"] !== "string") return undefined;
  const summaries = (result.structuredContent as { summaries?: { continuation?: { cursor?: unknown } }[] })
    ?.summaries;
  const cursor = summaries?.length === 1 ? summaries[0]?.continuation?.cursor : undefined;
  return typeof cursor === "string" ? cursor : undefined;
}
