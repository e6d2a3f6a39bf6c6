import { serveStdio as serveStdioEntry } from "@modelcontextprotocol/server/stdio";
import { LOCAL_CALLER } from "./caller.js";
import { createMcpServer } from "./create-server.js";
import type { Runtime } from "./runtime.js";

/**
 * Serves one client over stdin/stdout, in either era: a 2025-11-25 `initialize` pins the connection to a
 * session-style server, a 2026-07-28 client sends its envelope on every request. Only MCP messages reach
 * stdout; logs go to stderr.
 */
export async function serveStdio(runtime: Runtime): Promise<{ close(): Promise<void> }> {
  const handle = serveStdioEntry(() => createMcpServer(runtime, LOCAL_CALLER, { allowElicitation: true }));
  runtime.logger.info("serving MCP over stdio", { connections: [...runtime.connections.keys()] });
  return { close: () => handle.close() };
}
