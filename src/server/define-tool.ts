import type { z } from "zod";
import type { CallContext, Capability, Connector } from "../domain/connector.js";
import type { Scope } from "../domain/scopes.js";
import type { SharedCache } from "../upstream/types.js";

/** Tools are grouped so a deployment can expose only what it needs (`--toolsets`). */
export type Toolset =
  | "core"
  | "students"
  | "attendance"
  | "timetable"
  | "wellbeing"
  | "classroom"
  | "billing"
  | "messages"
  | "staff";

/** All four hints are required: a client deciding whether to ask the user first must never guess. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a handler gets: the connectors it may use (already filtered by scope and capability) and helpers. */
export interface ToolContext {
  /** Connections that grant the tool's scope, allow this caller and (when the tool names one) support its capability. */
  connectors: Connector[];
  /** Builds the per-connection call context (effective scopes = connection ∩ caller). */
  callContext(connector: Connector): CallContext;
  /** Picks the connections to ask: the one named, or every one that can answer. */
  select(connection: string | undefined, capability?: Capability): Connector[];
  /** Every connection this caller may use, with what it grants and can answer (list_connections). */
  visibleConnections(): { connector: Connector; scopes: Scope[] }[];
  cache: SharedCache;
  /** Signs and verifies send confirmations. */
  confirmations: import("./confirmation.js").Confirmations;
  /** Asks the user through MCP elicitation when the client supports it; undefined when it cannot. */
  elicit?: (message: string) => Promise<"accept" | "decline" | "cancel">;
  caller: string;
  progress?: (done: number, total: number | undefined, message: string) => void;
  signal: AbortSignal;
  /** Epoch ms by which long work should return what it has. */
  deadline: number;
  /** Today's date (YYYY-MM-DD) where a connection's provider is: defaults resolve per connection. */
  today(connector?: Connector): string;
}

export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  /** The scope a caller and a connection must both grant; null only for tools that read our own config. */
  scope: Scope | null;
  /** Connector operations that can answer; the tool is listed only when a connection has one of them. */
  capabilities: readonly Capability[];
  annotations: ToolAnnotations;
  inputSchema: I;
  outputSchema: O;
  handler(input: z.output<I>, context: ToolContext): Promise<z.input<O>>;
  /** One compact text line-set for the model; structuredContent carries the full answer. */
  render(output: z.output<O>): string;
}

/** Identity function whose type makes every field above required. */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds tools of every input and output type.
export type AnyTool = ToolDefinition<any, any>;

export function isWriteTool(tool: AnyTool): boolean {
  return !tool.annotations.readOnlyHint;
}
