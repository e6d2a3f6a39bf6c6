import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import type { ConnectionConfig } from "../../src/config/schema.js";
import { silentLogger } from "../../src/log.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { createRuntime, type Runtime, type RuntimeOverrides } from "../../src/server/runtime.js";
import type { Clock } from "../../src/time/clock.js";
import { TOOLS } from "../../tools/registry.js";

/**
 * One provider's sandbox behind the demo stack (demo config, runtime, tools) and a real in-memory MCP client,
 * so an end-to-end file stands on that provider alone.
 */
export interface ProviderDemo {
  client: Client;
  raw(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** The structured result of a tool call; a tool error fails the test with the tool's own words. */
  call<T>(name: string, args: Record<string, unknown>): Promise<T>;
  /** Closes the client, the runtime, then the sandbox. */
  close(): Promise<void>;
}

/** Serves an already started sandbox and takes it over: closing the demo closes the sandbox too. */
export async function serveProviderDemo(
  sandbox: { connections: Record<string, ConnectionConfig>; clock?: Clock; close(): Promise<void> },
  overrides: RuntimeOverrides = {},
): Promise<ProviderDemo> {
  let runtime: Runtime | undefined;
  let mcp: { client: Client; close(): Promise<void> };
  try {
    runtime = await createRuntime(
      demoConfig(sandbox.connections, { token: "e2e-token-0123456789abcdef" }),
      silentLogger,
      TOOLS,
      // The connectors read "today" from the sandbox's clock, as the demo's do.
      { ...(sandbox.clock ? { clock: sandbox.clock } : {}), ...overrides },
    );
    mcp = await connectInMemory(runtime);
  } catch (error) {
    // The caller never gets a handle to close, so nothing started here may be left running.
    await runtime?.close();
    await sandbox.close();
    throw error;
  }
  const started = runtime;
  const raw = async (name: string, args: Record<string, unknown>) =>
    (await mcp.client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    client: mcp.client,
    raw,
    async call<T>(name: string, args: Record<string, unknown>) {
      const result = await raw(name, args);
      if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content)}`);
      return result.structuredContent as T;
    },
    async close() {
      await mcp.close();
      await started.close();
      await sandbox.close();
    },
  };
}

/** The text parts of a tool result, joined. */
export const resultText = (result: CallToolResult) =>
  result.content.map((c) => (c.type === "text" ? c.text : "")).join(" ");
