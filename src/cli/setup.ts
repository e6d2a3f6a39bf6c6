import { randomBytes } from "node:crypto";
import { loadConfigFile, resolveConfigPath } from "../config/load.js";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";
import { demoConfig } from "../sandbox/demo.js";
import { type Sandbox, startSandbox } from "../sandbox/index.js";
import { createRuntime, type Runtime } from "../server/runtime.js";
import { type Flags, instant, list, number, variant } from "./options.js";

export interface Opened {
  config: Config;
  runtime: Runtime;
  sandbox?: Sandbox;
  /** The demo's bearer token when it was generated here (to print once). */
  generatedToken?: string;
  close(): Promise<void>;
}

/** Loads the config (or starts the sandbox for the demo), applies command-line overrides and builds the runtime. */
export async function open(flags: Flags, logger: Logger, mode: { demo: boolean }): Promise<Opened> {
  let config: Config;
  let sandbox: Sandbox | undefined;
  let generatedToken: string | undefined;
  if (mode.demo) {
    const timeScale = number(flags["time-scale"], "time-scale");
    sandbox = await startSandbox({
      ...(flags.seed ? { seed: number(flags.seed, "seed") as number } : {}),
      ...(timeScale ? { timeScale } : {}),
      ...(flags.now !== undefined ? { now: instant(flags.now, "now") } : {}),
      ...(flags.variant !== undefined ? { variant: variant(flags.variant) } : {}),
      // Realistic latency by default: tens of ms, as a real provider would answer.
      latencyMs: number(flags["latency-ms"], "latency-ms") ?? 30,
      jitterMs: number(flags["jitter-ms"], "jitter-ms") ?? 20,
    });
    const envToken = process.env["SCHOOL_MCP_TOKEN"];
    const token = envToken && envToken.length >= 16 ? envToken : randomBytes(24).toString("base64url");
    if (token !== envToken) generatedToken = token;
    config = demoConfig(sandbox.connections, { token, readOnly: flags["read-only"] === true });
  } else {
    config = loadConfigFile(resolveConfigPath(flags.config));
  }
  if (flags.host) config.http.host = flags.host;
  if (flags.port !== undefined) config.http.port = number(flags.port, "port") as number;
  const toolsets = list(flags.toolsets);
  const tools = list(flags.tools);
  const runtime = await createRuntime(config, logger, {
    ...(flags["read-only"] ? { readOnly: true } : {}),
    ...(toolsets ? { toolsets } : {}),
    ...(tools ? { tools } : {}),
    // The demo's connectors read "today" from the sandbox's clock, so a pinned or scaled demo agrees with itself.
    ...(sandbox
      ? { clock: sandbox.clock, ...(sandbox.clock.scale !== 1 ? { timeScale: sandbox.clock.scale } : {}) }
      : {}),
  });
  return {
    config,
    runtime,
    ...(sandbox ? { sandbox } : {}),
    ...(generatedToken ? { generatedToken } : {}),
    close: async () => {
      await runtime.close();
      await sandbox?.close();
    },
  };
}
