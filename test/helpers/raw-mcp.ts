import { InMemoryTransport, type JSONRPCMessage } from "@modelcontextprotocol/client";
import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { Caller } from "../../src/server/caller.js";
import { LOCAL_CALLER } from "../../src/server/caller.js";
import { createMcpServer } from "../../src/server/create-server.js";
import type { Runtime } from "../../src/server/runtime.js";

/** The 2026-07-28 `_meta` envelope a stateless client puts on every request. */
export function envelope(capabilities: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    "io.modelcontextprotocol/protocolVersion": "2026-07-28",
    "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
    "io.modelcontextprotocol/clientCapabilities": capabilities,
  };
}

export interface RawReply {
  id?: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

/**
 * Raw JSON-RPC to the server over the in-memory pair (the SDK's stdio entry on the server side): for wire
 * shapes the SDK client does not surface, such as a CreateTaskResult or an error's exact code.
 */
export async function rawConnection(
  runtime: Runtime,
  caller: Caller = LOCAL_CALLER,
): Promise<{
  send(method: string, params?: Record<string, unknown>): Promise<RawReply>;
  close(): Promise<void>;
}> {
  const [client, server] = InMemoryTransport.createLinkedPair();
  const handle = serveStdio(() => createMcpServer(runtime, caller, { allowElicitation: true }), {
    transport: server,
  });
  const waiting = new Map<unknown, (reply: RawReply) => void>();
  client.onmessage = (message: JSONRPCMessage) => {
    const reply = message as RawReply;
    if ("id" in reply) waiting.get(reply.id)?.(reply);
  };
  await client.start();
  let next = 1;
  return {
    send(method, params) {
      const id = next++;
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        void client.send({ jsonrpc: "2.0", id, method, ...(params ? { params } : {}) } as JSONRPCMessage);
      });
    },
    close: async () => {
      await client.close();
      await handle.close();
    },
  };
}
