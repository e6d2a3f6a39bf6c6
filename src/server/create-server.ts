import { ProtocolError, ProtocolErrorCode, Server, type Tool } from "@modelcontextprotocol/server";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/server/validators/ajv";
import { z } from "zod";
import { PROVIDERS } from "../providers/index.js";
import { localToday } from "../time/local.js";
import type { Caller } from "./caller.js";
import { registerCompletions } from "./completions.js";
import type { AnyTool } from "./define-tool.js";
import { exposedTools } from "./exposure.js";
import { PROMPT_CACHE_HINTS, registerPrompts } from "./prompts.js";
import { RESOURCE_CACHE_HINTS, registerResources } from "./resources.js";
import { canRoundTrip, InputRequiredSignal, inputRequiredResult, roundTripElicit } from "./round-trip.js";
import type { Runtime } from "./runtime.js";
import { continueAsTask } from "./task-runner.js";
import { negotiatedTasks, registerTasks, TASK_TOOLS, TASKS_CAPABILITY } from "./tasks.js";
import { type CallExtras, callTool } from "./wrapper.js";

export const SERVER_NAME = "school-mcp";
export const SERVER_VERSION = "0.1.0";

const INSTRUCTIONS = [
  `Tools for school and childcare systems (${PROVIDERS.map((p) => `${p.title}: ${p.serves}`).join("; ")}).`,
  "Call list_connections first to see which schools or nurseries are connected and what each can answer.",
  "Leave `connection` out to ask every connection that can answer; each record names its connection.",
  "Dates are YYYY-MM-DD. Group names such as '9R', 'Year 9' or 'Robins' work wherever groupId is asked.",
  "send_message never sends on the first call: show the user the preview and only confirm what they approved.",
].join(" ");

/**
 * The SDK builds a JSON Schema validator (a whole Ajv instance, compiling its meta-schemas) for every Server
 * it constructs unless given one; stateless HTTP constructs a Server per request, so one is shared by the
 * process. It only checks elicitation answers, and holds no per-caller state.
 */
let sharedValidator: AjvJsonSchemaValidator | undefined;
const schemaValidator = () => {
  sharedValidator ??= new AjvJsonSchemaValidator();
  return sharedValidator;
};

/** How long a client may reuse a tools/list answer (the surface changes only with the caller's scopes). */
export const LIST_TTL_MS = 300_000;

export interface ServerOptions {
  /**
   * Elicitation is a server-to-client request: it needs a connection that outlives the call (stdio,
   * in-memory). Stateless HTTP cannot carry it, so send_message falls back to confirmation tokens there.
   */
  allowElicitation: boolean;
}

/**
 * A fresh MCP server for one client connection (stdio) or one HTTP request. The SDK server stays inside this
 * function: tools are registered only through the wrapper, so none can skip its checks.
 */
export function createMcpServer(runtime: Runtime, caller: Caller, options: ServerOptions): Server {
  const registry = runtime.tools;
  const server = new Server(
    { name: SERVER_NAME, version: SERVER_VERSION, title: "School MCP" },
    {
      capabilities: {
        tools: { listChanged: false },
        resources: { listChanged: false },
        prompts: { listChanged: false },
        completions: {},
        ...TASKS_CAPABILITY,
      },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: schemaValidator(),
      // The tool surface depends on the caller's scopes, so a cached list is good for this caller only.
      cacheHints: {
        "tools/list": { ttlMs: LIST_TTL_MS, cacheScope: "private" },
        ...RESOURCE_CACHE_HINTS,
        ...PROMPT_CACHE_HINTS,
      },
    },
  );

  server.setRequestHandler("tools/list", async () => ({
    tools: exposedTools(runtime, caller, registry).map(describeTool),
  }));

  server.setRequestHandler("tools/call", async (request, ctx) => {
    const tool = registry.find((candidate) => candidate.name === request.params.name);
    if (!tool)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    const progressToken = request.params._meta?.progressToken;
    const progress: CallExtras["progress"] =
      progressToken === undefined
        ? undefined
        : (done, total, message) => {
            void ctx.mcpReq
              .notify({
                method: "notifications/progress",
                params: { progressToken, progress: done, ...(total === undefined ? {} : { total }), message },
              })
              .catch(() => undefined);
          };
    const legacyElicit =
      // Server-initiated elicitation exists only in the 2025 era; a 2026-07-28 request (it carries the
      // `_meta` envelope) asks through an `input_required` result when its client declares elicitation,
      // and gets the signed confirmation token otherwise.
      options.allowElicitation &&
      ctx.mcpReq.envelope === undefined &&
      server.getClientCapabilities()?.elicitation
        ? async (message: string) => {
            const answer = await server.elicitInput(
              {
                mode: "form",
                message,
                requestedSchema: {
                  type: "object",
                  properties: { confirm: { type: "boolean", title: "Send this message?" } },
                  required: ["confirm"],
                },
              },
              { signal: ctx.mcpReq.signal },
            );
            if (answer.action === "accept" && answer.content?.["confirm"] !== true) return "decline" as const;
            return answer.action;
          }
        : undefined;
    const elicit = canRoundTrip(ctx)
      ? roundTripElicit(ctx, runtime.confirmations, caller, tool.name, request.params.arguments)
      : legacyElicit;
    // Tasks as the extension defines them are of the 2026-07-28 era: a 2025 request is answered directly.
    if (TASK_TOOLS.has(tool.name) && ctx.mcpReq.envelope !== undefined && negotiatedTasks(server, ctx)) {
      return (await continueAsTask(runtime, caller, tool, request.params.arguments)) as never;
    }
    try {
      return await callTool(runtime, caller, tool, request.params.arguments, {
        signal: ctx.mcpReq.signal,
        ...(progress ? { progress } : {}),
        ...(elicit ? { elicit } : {}),
      });
    } catch (error) {
      if (error instanceof InputRequiredSignal) return inputRequiredResult(error);
      throw error;
    }
  });
  registerTasks(server, runtime, caller);
  registerResources(server, runtime, caller);
  registerCompletions(server, runtime, caller);
  const zone = [...runtime.connections.values()][0]?.connector.timeZone ?? "Europe/London";
  registerPrompts(server, () => localToday(runtime.clock, zone));
  return server;
}

/** A tool's description is the same for the whole process: generated once, not per HTTP request. */
const described = new WeakMap<AnyTool, Tool>();

/** The tools/list entry: JSON Schemas derived from the zod schemas, so the wrapper and the client agree. */
export function describeTool(tool: AnyTool): Tool {
  const known = described.get(tool);
  if (known) return known;
  const entry = describeOnce(tool);
  described.set(tool, entry);
  return entry;
}

function describeOnce(tool: AnyTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.inputSchema, "input") as Tool["inputSchema"],
    outputSchema: jsonSchema(tool.outputSchema, "output") as Tool["outputSchema"],
    annotations: { title: tool.title, ...tool.annotations },
    _meta: { "school-mcp/scope": tool.scope, "school-mcp/toolset": tool.toolset },
  };
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  delete json["$schema"];
  return strict(json) as Record<string, unknown>;
}

/** Any JSON value, spelled out: strict clients refuse the open schema `{}`. */
const ANY_JSON = {
  anyOf: ["string", "number", "boolean", "object", "array", "null"].map((type) => ({ type })),
};

/**
 * Rewrites what strict clients refuse: an open `{}` where a value schema is expected becomes the explicit
 * union of JSON kinds, and `type: [x, "null"]` becomes `anyOf: [{ type: x }, { type: "null" }]`.
 */
function strict(node: unknown, valuePosition = true): unknown {
  if (Array.isArray(node)) return node.map((item) => strict(item));
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node as Record<string, unknown>);
  if (entries.length === 0) return valuePosition ? ANY_JSON : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key === "properties" && value && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, strict(child)]));
    } else if (key === "additionalProperties" || key === "items" || key === "anyOf" || key === "oneOf") {
      out[key] = strict(value);
    } else out[key] = value;
  }
  const type = out["type"];
  if (Array.isArray(type) && type.includes("null") && type.length > 1) {
    const { type: _type, ...rest } = out;
    return {
      anyOf: [...type.filter((t) => t !== "null").map((t) => ({ type: t, ...rest })), { type: "null" }],
    };
  }
  return out;
}
