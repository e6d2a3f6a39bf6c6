import type { z } from "zod";
import type { BoundOperations, CallContext, Capability, Connector, ReadReport } from "../domain/connector.js";
import type { Scope } from "../domain/scopes.js";
import type { Confirmations } from "./confirmation.js";

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

/**
 * What a handler gets: the connections it may ask (already filtered by scope, caller and what each can
 * answer), the tool's operations bound per connection, and helpers. `U` are the operations the tool uses,
 * `M` those it uses where a connection has them.
 */
export interface ToolContext<U extends Capability = never, M extends Capability = never> {
  /** The connections to ask: the one named (refused clearly when it cannot answer), or every one that can. */
  select(connection: string | undefined): Connector[];
  /** The tool's operations on this connection, bound to this call (scopes, caller, deadline, report). */
  bind(connector: Connector, report?: ReadReport, meter?: CallContext["meter"]): BoundOperations<U, M>;
  /** The per-connection call context (effective scopes = connection ∩ caller), for checks and logs. */
  callContext(connector: Connector): CallContext;
  /** Every connection this caller may use, with what it grants (list_connections, diagnose_connection). */
  visibleConnections(): { connector: Connector; scopes: Scope[] }[];
  /** Signs and verifies send confirmations. */
  confirmations: Confirmations;
  /** Asks the user through MCP elicitation when the client supports it; undefined when it cannot. */
  elicit?: (message: string) => Promise<"accept" | "decline" | "cancel">;
  caller: string;
  /** Today's date (YYYY-MM-DD) where a connection's provider is: defaults resolve per connection. */
  today(connector?: Connector): string;
}

export interface ToolDefinition<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  U extends Capability = never,
  M extends Capability = never,
> {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  /** The scope a caller and a connection must both grant; null only for tools that read our own config. */
  scope: Scope | null;
  /** The operations the tool calls: a connection can answer when it implements every one. */
  uses: readonly U[];
  /** Operations used where a connection has them; with no `uses`, a connection needs one of these. */
  mayUse?: readonly M[];
  annotations: ToolAnnotations;
  inputSchema: I;
  outputSchema: O;
  handler(input: z.output<I>, context: ToolContext<U, M>): Promise<z.input<O>>;
  /** One compact text line-set for the model; structuredContent carries the full answer. */
  render(output: z.output<O>): string;
}

/** Identity function whose type makes every field above required. */
export function defineTool<
  I extends z.ZodType,
  O extends z.ZodType,
  U extends Capability = never,
  M extends Capability = never,
>(definition: ToolDefinition<I, O, U, M>): ToolDefinition<I, O, U, M> {
  return definition;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds tools of every input and output type.
export type AnyTool = ToolDefinition<any, any, any, any>;

export function isWriteTool(tool: AnyTool): boolean {
  return !tool.annotations.readOnlyHint;
}
