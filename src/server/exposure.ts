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
    .filter(([, entry]) => canAnswer(entry.connector, tool))
    .map(([, entry]) => entry);
}

/**
 * A connection can answer a tool when it implements every operation the tool uses; a tool that only may
 * use operations needs one of them; a tool that names none (list_connections) works on every connection.
 */
export function canAnswer(connector: Connector, tool: AnyTool): boolean {
  const uses: readonly string[] = tool.uses;
  const mayUse: readonly string[] = tool.mayUse ?? [];
  const has = (name: string) => supports(connector, name as Parameters<typeof supports>[1]);
  if (!uses.every(has)) return false;
  return uses.length > 0 || mayUse.length === 0 || mayUse.some(has);
}

export type Exclusion = "read_only" | "filtered" | "no_scope_or_connection";

/** Whether the tool is listed for this caller, and the connections it may use when it is. */
export interface Exposure {
  /** Why the tool is not listed; undefined when it is. Read-only is checked first: it wins. */
  exclusion?: Exclusion;
  usable: ConnectionEntry[];
}

export function exposure(runtime: Runtime, caller: Caller, tool: AnyTool): Exposure {
  const { filter } = runtime;
  if (filter.readOnly && isWriteTool(tool)) return { exclusion: "read_only", usable: [] };
  // Core tools (list_connections, diagnose_connection) orient the model; narrowing keeps them.
  const core = tool.toolset === "core";
  const filtered =
    (filter.toolsets && !filter.toolsets.includes(tool.toolset) && !core) ||
    (filter.tools && !filter.tools.includes(tool.name) && !core) ||
    filter.excludeTools?.includes(tool.name);
  if (filtered) return { exclusion: "filtered", usable: [] };
  const usable = usableConnections(runtime, caller, tool);
  return usable.length === 0 ? { exclusion: "no_scope_or_connection", usable } : { usable };
}

export function exposedTools(runtime: Runtime, caller: Caller, registry: readonly AnyTool[]): AnyTool[] {
  return registry.filter((tool) => exposure(runtime, caller, tool).exclusion === undefined);
}
