import type { Connector } from "../domain/connector.js";
import { supports } from "../domain/connector.js";
import type { Caller } from "./caller.js";
import { type AnyTool, isWriteTool } from "./define-tool.js";
import type { ConnectionEntry, Runtime } from "./runtime.js";

/** Connections this caller may use for this tool: allowed to the caller, granting the scope on both sides. */
export function usableConnections(runtime: Runtime, caller: Caller, tool: AnyTool): ConnectionEntry[] {
  const scope = tool.scope;
  if (scope !== null && !caller.scopes.has(scope)) return [];
  return [...runtime.connections.entries()]
    .filter(([id]) => caller.connections === undefined || caller.connections.has(id))
    .filter(([, entry]) => scope === null || entry.scopes.has(scope))
    .filter(([, entry]) => tool.capabilities.length === 0 || canAnswer(entry.connector, tool))
    .map(([, entry]) => entry);
}

export function canAnswer(connector: Connector, tool: AnyTool): boolean {
  return tool.capabilities.some((capability) => supports(connector, capability));
}

export type Exclusion = "read_only" | "filtered" | "no_scope_or_connection";

/** Why a tool is not listed for this caller, or undefined when it is. Read-only is checked first: it wins. */
export function exclusion(runtime: Runtime, caller: Caller, tool: AnyTool): Exclusion | undefined {
  const { filter } = runtime;
  if (filter.readOnly && isWriteTool(tool)) return "read_only";
  // Core tools (list_connections, diagnose_connection) orient the model; narrowing keeps them.
  const core = tool.toolset === "core";
  if (filter.toolsets && !filter.toolsets.includes(tool.toolset) && !core) return "filtered";
  if (filter.tools && !filter.tools.includes(tool.name) && !core) return "filtered";
  if (filter.excludeTools?.includes(tool.name)) return "filtered";
  if (usableConnections(runtime, caller, tool).length === 0) return "no_scope_or_connection";
  return undefined;
}

export function exposedTools(runtime: Runtime, caller: Caller, registry: readonly AnyTool[]): AnyTool[] {
  return registry.filter((tool) => exclusion(runtime, caller, tool) === undefined);
}
