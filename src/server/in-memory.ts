import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import { type Caller, LOCAL_CALLER } from "./caller.js";
import { createMcpServer } from "./create-server.js";
import type { Runtime } from "./runtime.js";

/**
 * A real MCP client wired to a server in this process (the `call` command and tests). The SDK's stdio entry
 * runs over the in-memory pair, so both eras are served as over stdio: a 2025-11-25 `initialize` pins a
 * session, a 2026-07-28 client (versionNegotiation) sends its envelope on every request.
 */
export async function connectInMemory(
  runtime: Runtime,
  caller: Caller = LOCAL_CALLER,
  clientOptions: ConstructorParameters<typeof Client>[1] = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const handle = serveStdio(() => createMcpServer(runtime, caller, { allowElicitation: true }), {
    transport: serverTransport,
  });
  const client = new Client({ name: "school-mcp-cli", version: "0.1.0" }, clientOptions);
  await client.connect(clientTransport);
  return {
    client,
    close: async () => {
      await client.close();
      await handle.close();
    },
  };
}
