import { randomBytes } from "node:crypto";
import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  type Server,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { z } from "zod";
import type { Caller } from "./caller.js";
import type { Runtime } from "./runtime.js";

/**
 * Long questions as MCP Tasks (extension `io.modelcontextprotocol/tasks`): for a client that negotiates it,
 * a call of one of TASK_TOOLS becomes a task that goes on working inside the rate budget, and `tasks/get`
 * reports its status and, once done, the whole answer. Task state lives in the shared cache (memory or
 * Redis), so any replica answers `tasks/get`. Clients without the extension get today's answer: partial,
 * with a cursor, when the budget does not allow it all now.
 */
export const TASKS_EXTENSION = "io.modelcontextprotocol/tasks";

/** The tools whose calls become tasks: the ones a school-sized question can outgrow the deadline in. */
export const TASK_TOOLS: ReadonlySet<string> = new Set(["get_attendance", "daily_summary"]);

/** How long a task's state and answer are kept after it was created. */
export const TASK_TTL_MS = 30 * 60_000;
const POLL_INTERVAL_MS = 1_000;

type TaskStatus = "working" | "completed" | "failed" | "cancelled";

interface StoredTask {
  taskId: string;
  owner: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  result?: CallToolResult;
  error?: { code: number; message: string };
}

const key = (taskId: string) => `task:${taskId}`;

/** Whether the client negotiated the extension: on this request's envelope (2026) or at initialize (2025). */
export function negotiatedTasks(server: Server, ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const declared = (
    envelope === undefined
      ? server.getClientCapabilities()
      : (envelope[CLIENT_CAPABILITIES_META_KEY] as { extensions?: Record<string, unknown> } | undefined)
  ) as { extensions?: Record<string, unknown> } | undefined;
  return declared?.extensions?.[TASKS_EXTENSION] !== undefined;
}

/** The capability the server advertises. */
export const TASKS_CAPABILITY = { extensions: { [TASKS_EXTENSION]: {} } };

function taskView(task: StoredTask) {
  const { owner: _owner, ...rest } = task;
  return { ...rest, ttlMs: TASK_TTL_MS, pollIntervalMs: POLL_INTERVAL_MS };
}

/**
 * Starts `run` as a task owned by the caller and answers the `tools/call` with the CreateTaskResult. The
 * work runs in this process; its state and answer go to the shared cache.
 */
export async function startTask(
  runtime: Runtime,
  caller: Caller,
  run: (isCancelled: () => Promise<boolean>) => Promise<CallToolResult>,
): Promise<Record<string, unknown>> {
  const now = () => new Date(runtime.clock.now()).toISOString();
  const task: StoredTask = {
    taskId: randomBytes(12).toString("base64url"),
    owner: caller.name,
    status: "working",
    createdAt: now(),
    lastUpdatedAt: now(),
  };
  await runtime.cache.set(key(task.taskId), task, TASK_TTL_MS);
  const read = async () => (await runtime.cache.get<StoredTask>(key(task.taskId)))?.value;
  const isCancelled = async () => (await read())?.status === "cancelled";
  const settle = async (update: Partial<StoredTask>) => {
    if (await isCancelled()) return;
    await runtime.cache.set(key(task.taskId), { ...task, ...update, lastUpdatedAt: now() }, TASK_TTL_MS);
  };
  void run(isCancelled)
    .then((result) => settle({ status: "completed", result }))
    .catch((error: unknown) => {
      runtime.logger.error("task failed", {
        taskId: task.taskId,
        error: error instanceof Error ? error.name : "unknown",
      });
      return settle({
        status: "failed",
        error: { code: ProtocolErrorCode.InternalError, message: "the task stopped on an internal error" },
      });
    })
    .catch(() => undefined);
  return { resultType: "task", ...taskView(task) };
}

const TaskParams = z.looseObject({ taskId: z.string() });

/** tasks/get, tasks/update and tasks/cancel, each refused to a client that did not negotiate the extension. */
export function registerTasks(server: Server, runtime: Runtime, caller: Caller): void {
  const load = async (ctx: ServerContext, taskId: string): Promise<StoredTask> => {
    if (!negotiatedTasks(server, ctx)) {
      throw new MissingRequiredClientCapabilityError(
        { requiredCapabilities: TASKS_CAPABILITY },
        `this request needs the ${TASKS_EXTENSION} extension in the client's capabilities`,
      );
    }
    const stored = (await runtime.cache.get<StoredTask>(key(taskId)))?.value;
    // Another caller's task is as unknown as a task that never was.
    if (!stored || stored.owner !== caller.name) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown task: ${taskId}`);
    }
    return stored;
  };
  server.setRequestHandler("tasks/get", { params: TaskParams }, async (params, ctx) => {
    const task = await load(ctx, params.taskId);
    return taskView(task) as never;
  });
  server.setRequestHandler("tasks/update", { params: TaskParams }, async (params, ctx) => {
    await load(ctx, params.taskId);
    // Our tasks never wait for input, so there is nothing to update.
    return {} as never;
  });
  server.setRequestHandler("tasks/cancel", { params: TaskParams }, async (params, ctx) => {
    const task = await load(ctx, params.taskId);
    if (task.status === "working") {
      const cancelled: StoredTask = {
        ...task,
        status: "cancelled",
        lastUpdatedAt: new Date(runtime.clock.now()).toISOString(),
      };
      await runtime.cache.set(key(task.taskId), cancelled, TASK_TTL_MS);
    }
    return {} as never;
  });
}
