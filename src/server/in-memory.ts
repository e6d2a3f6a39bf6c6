import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { type Caller, LOCAL_CALLER } from "./caller.js";
import { createMcpServer } from "./create-server.js";
import type { Runtime } from "./runtime.js";

/** A real MCP client wired to a server in this process (the `call` command and tests). */
export async function connectInMemory(
  runtime: Runtime,
  caller: Caller = LOCAL_CALLER,
  clientOptions: ConstructorParameters<typeof Client>[1] = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const server = createMcpServer(runtime, caller, { allowElicitation: true });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "school-mcp-cli", version: "0.1.0" }, clientOptions);
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}
