import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { LOCAL_CALLER } from "./caller.js";
import { createMcpServer } from "./create-server.js";
import type { Runtime } from "./runtime.js";

/** Serves one client over stdin/stdout. Only MCP messages reach stdout; logs go to stderr. */
export async function serveStdio(runtime: Runtime): Promise<{ close(): Promise<void> }> {
  const server = createMcpServer(runtime, LOCAL_CALLER, { allowElicitation: true });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  runtime.logger.info("serving MCP over stdio", { connections: [...runtime.connections.keys()] });
  return { close: () => server.close() };
}
