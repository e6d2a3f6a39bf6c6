import type { CallToolResult } from "@modelcontextprotocol/server";
import type { Caller } from "./caller.js";
import type { AnyTool } from "./define-tool.js";
import type { Runtime } from "./runtime.js";
import { startTask } from "./tasks.js";
import { callTool } from "./wrapper.js";

/** Rounds a task asks at most before it answers with what it has. */
const MAX_ROUNDS = 200;
/** The wait between rounds: what the partial answer says finishing takes, within these bounds. */
const MIN_WAIT_MS = 500;
const MAX_WAIT_MS = 30_000;

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
      const next = continuation(result, args);
      if (next === undefined) break;
      // The rest is being fetched in the background within the budget: ask again when it should be done.
      await sleep(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, next.estimatedSeconds * 1000)));
      if (await isCancelled()) {
        controller.abort();
        break;
      }
      args = { ...args, cursor: next.cursor };
      result = await callTool(runtime, caller, tool, args, { signal: controller.signal });
    }
    return result;
  });
}

/** Where to ask again: only for a call naming its connection, whose one summary is partial. */
function continuation(
  result: CallToolResult,
  args: Record<string, unknown>,
): { cursor: string; estimatedSeconds: number } | undefined {
  if (result.isError || typeof args["connection"] !== "string") return undefined;
  const summaries = (
    result.structuredContent as {
      summaries?: { continuation?: { cursor?: unknown; estimatedSeconds?: unknown } }[];
    }
  )?.summaries;
  const found = summaries?.length === 1 ? summaries[0]?.continuation : undefined;
  if (typeof found?.cursor !== "string") return undefined;
  const seconds = typeof found.estimatedSeconds === "number" ? found.estimatedSeconds : 0;
  return { cursor: found.cursor, estimatedSeconds: seconds };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
