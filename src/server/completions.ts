import type { Server } from "@modelcontextprotocol/server";
import type { Caller } from "./caller.js";
import type { Runtime } from "./runtime.js";

/** At most this many suggestions per answer (the protocol's own cap is 100). */
const MAX_VALUES = 100;

/**
 * Completions for arguments that take a connection id, in prompts and resource templates: the connections
 * this caller may use, filtered by what has been typed so far.
 */
export function registerCompletions(server: Server, runtime: Runtime, caller: Caller): void {
  server.setRequestHandler("completion/complete", async (request) => {
    const { name, value } = request.params.argument;
    if (name !== "connection") return { completion: { values: [], hasMore: false } };
    const ids = [...runtime.connections.keys()]
      .filter((id) => caller.connections === undefined || caller.connections.has(id))
      .filter((id) => id.startsWith(value))
      .sort();
    return {
      completion: { values: ids.slice(0, MAX_VALUES), total: ids.length, hasMore: ids.length > MAX_VALUES },
    };
  });
}
