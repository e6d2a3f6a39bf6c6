import type { CallToolResult, Client } from "@modelcontextprotocol/client";
import { silentLogger } from "../../src/log.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.js";
import type { Caller } from "../../src/server/caller.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { createRuntime, type Runtime, type RuntimeOverrides } from "../../src/server/runtime.js";
import { TOOLS } from "../../tools/registry.js";

export interface DemoHarness {
  sandbox: Sandbox;
  runtime: Runtime;
  client: Client;
  /** Calls a tool and returns its structured result; throws with the error text when the call fails. */
  call<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  /** Calls a tool and returns the raw result (for isError and progress checks). */
  raw(
    name: string,
    args?: Record<string, unknown>,
    options?: Parameters<Client["callTool"]>[1],
  ): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The demo as `school-mcp demo` serves it (sandbox + demo config), behind a real in-memory MCP client. */
export async function startDemo(
  options: {
    sandbox?: SandboxOptions;
    overrides?: RuntimeOverrides;
    caller?: Caller;
    elicitation?: boolean;
  } = {},
): Promise<DemoHarness> {
  const sandbox = await startSandbox({ latencyMs: 0, ...options.sandbox });
  const config = demoConfig(sandbox.connections, { token: "demo-token-for-tests-0123456789" });
  const runtime = await createRuntime(config, silentLogger, TOOLS, {
    clock: sandbox.clock,
    ...(options.sandbox?.timeScale ? { timeScale: options.sandbox.timeScale } : {}),
    ...options.overrides,
  });
  const connected = await connectInMemory(
    runtime,
    options.caller,
    options.elicitation ? { capabilities: { elicitation: {} } } : {},
  );
  const raw: DemoHarness["raw"] = async (name, args = {}, requestOptions) =>
    (await connected.client.callTool({ name, arguments: args }, requestOptions)) as CallToolResult;
  return {
    sandbox,
    runtime,
    client: connected.client,
    raw,
    async call<T>(name: string, args: Record<string, unknown> = {}) {
      const result = await raw(name, args);
      if (result.isError) {
        throw new Error(
          `${name} failed: ${result.content.map((c) => (c.type === "text" ? c.text : "")).join(" ")}`,
        );
      }
      return result.structuredContent as T;
    },
    async close() {
      await connected.close();
      await runtime.close();
      await sandbox.close();
    },
  };
}
