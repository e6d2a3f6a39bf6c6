import { randomBytes } from "node:crypto";
import { loadConfigFile, resolveConfigPath } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { UserInputError } from "../errors.js";
import type { Logger } from "../log.js";
import type { Sandbox } from "../sandbox/index.js";
import type { AnyTool } from "../server/define-tool.js";
import { createRuntime, type Runtime } from "../server/runtime.js";
import { envValue, toolSelection } from "./env.js";
import { type Flags, instant, number, variant } from "./options.js";
import { checkToolNames } from "./tool-names.js";

export interface Opened {
  config: Config;
  runtime: Runtime;
  sandbox?: Sandbox;
  /** The demo's bearer token when it was generated here (to print once). */
  generatedToken?: string;
  close(): Promise<void>;
}

/** Loads the tool catalogue: the entry point supplies it, so nothing under src/ imports tools/. */
export type LoadTools = () => Promise<readonly AnyTool[]>;

/** The shortest demo token accepted from SCHOOL_MCP_TOKEN, as for any configured token. */
const MIN_TOKEN_LENGTH = 16;

/**
 * Without --time-scale the demo keeps real dates and times but runs HUBmis's rate windows this much faster,
 * so a person can ask its questions back to back (12 requests a minute would make each wait minutes).
 */
export const DEMO_HUBMIS_RATE_SCALE = 10;

/** Loads the config (or starts the sandbox for the demo), applies command-line overrides and builds the runtime. */
export async function open(
  flags: Flags,
  logger: Logger,
  mode: { demo: boolean; loadTools: LoadTools },
): Promise<Opened> {
  const selection = toolSelection(flags);
  const tools = await mode.loadTools();
  let config: Config;
  let sandbox: Sandbox | undefined;
  let generatedToken: string | undefined;
  if (mode.demo) {
    const envToken = envValue("SCHOOL_MCP_TOKEN");
    if (envToken !== undefined && envToken.length < MIN_TOKEN_LENGTH) {
      throw new UserInputError(
        `SCHOOL_MCP_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (it has ${envToken.length}).`,
      );
    }
    const timeScale = number(flags["time-scale"], "time-scale");
    // Loaded only here: serving a real configuration never loads the simulated providers.
    const [{ startSandbox }, { demoConfig }] = await Promise.all([
      import("../sandbox/index.js"),
      import("../sandbox/demo.js"),
    ]);
    sandbox = await startSandbox({
      ...(flags.seed ? { seed: number(flags.seed, "seed") as number } : {}),
      ...(timeScale ? { timeScale } : { rateLimitScale: { hubmis: DEMO_HUBMIS_RATE_SCALE } }),
      ...(flags.now !== undefined ? { now: instant(flags.now, "now") } : {}),
      ...(flags.variant !== undefined ? { variant: variant(flags.variant) } : {}),
      // Realistic latency by default: tens of ms, as a real provider would answer.
      latencyMs: number(flags["latency-ms"], "latency-ms") ?? 30,
      jitterMs: number(flags["jitter-ms"], "jitter-ms") ?? 20,
    });
    const token = envToken ?? randomBytes(24).toString("base64url");
    if (token !== envToken) generatedToken = token;
    config = demoConfig(sandbox.connections, { token, readOnly: selection.readOnly });
  } else {
    const path = resolveConfigPath(flags.config);
    config = loadConfigFile(path);
    checkToolNames(tools, config, {
      toolsets: `${path}: toolsets`,
      tools: `${path}: tools`,
      excludeTools: `${path}: excludeTools`,
    });
  }
  checkToolNames(tools, selection, {
    toolsets: selection.sources.toolsets ?? "toolsets",
    tools: selection.sources.tools ?? "tools",
    excludeTools: selection.sources["exclude-tools"] ?? "excludeTools",
  });
  if (flags.host) config.http.host = flags.host;
  if (flags.port !== undefined) config.http.port = number(flags.port, "port") as number;
  // Exclusions add up, as read-only does: no source can expose what another hides.
  if (selection.excludeTools) {
    config.excludeTools = [...new Set([...(config.excludeTools ?? []), ...selection.excludeTools])];
  }
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, logger, tools, {
      ...(selection.readOnly ? { readOnly: true } : {}),
      ...(selection.toolsets ? { toolsets: selection.toolsets } : {}),
      ...(selection.tools ? { tools: selection.tools } : {}),
      // The demo's connectors read "today" from the sandbox's clock, so a pinned or scaled demo agrees with itself.
      ...(sandbox
        ? { clock: sandbox.clock, ...(sandbox.clock.scale !== 1 ? { timeScale: sandbox.clock.scale } : {}) }
        : {}),
    });
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
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
