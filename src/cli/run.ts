import { didYouMean } from "../config/suggest.js";
import { isSchoolMcpError } from "../errors.js";
import { createLogger, parseLogLevel, redactString } from "../log.js";
import { logLevel } from "./env.js";
import { type Flags, parseFlags } from "./options.js";
import type { LoadTools } from "./setup.js";
import { USAGE } from "./usage.js";
import { packageVersion } from "./version.js";

const COMMANDS = ["serve", "demo", "call", "tools", "check", "sandbox", "audit"] as const;

/** Exit codes: 0 ok, 1 a tool or check failed, 2 usage or configuration error. */
export async function run(argv: string[], loadTools: LoadTools): Promise<number> {
  // `school-mcp tools | head` closes the pipe early: the reader's choice, not a failure to report.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  try {
    return await dispatch(argv, loadTools);
  } catch (error) {
    process.stderr.write(`school-mcp: ${failureMessage(error)}\n`);
    if (!isSchoolMcpError(error) && debugRequested(argv)) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${redactString(detail)}\n`);
    }
    return isUsageOrSetup(error) ? 2 : 1;
  }
}

/** Read from the raw arguments: the failure may have come before they were parsed. */
function debugRequested(argv: string[]): boolean {
  const flag = argv.findIndex((arg) => arg === "--log-level" || arg.startsWith("--log-level="));
  const value =
    flag < 0 ? process.env["SCHOOL_MCP_LOG_LEVEL"] : (argv[flag]?.split("=")[1] ?? argv[flag + 1]);
  return parseLogLevel(value ?? "") === "debug";
}

async function dispatch(argv: string[], loadTools: LoadTools): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv);
  const [command, ...rest] = positionals;
  if (flags.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // Each command module is loaded on its own, so `sandbox` never loads the server nor `serve` the sandbox.
  switch (command) {
    case "serve":
    case "demo": {
      const { serve } = await import("./commands/serve.js");
      return serve(flags, logger(flags), command === "demo" || flags.demo === true, loadTools);
    }
    case "call": {
      const { call } = await import("./commands/call.js");
      return call(rest[0], flags, logger(flags), loadTools);
    }
    case "tools": {
      const { tools } = await import("./commands/tools.js");
      return tools(flags, logger(flags), loadTools);
    }
    case "check": {
      const { check } = await import("./commands/check.js");
      return check(flags, logger(flags), loadTools);
    }
    case "sandbox": {
      const { sandbox } = await import("./commands/sandbox.js");
      return sandbox(flags);
    }
    case "audit": {
      const { audit } = await import("./commands/audit.js");
      return audit(flags, logger(flags));
    }
    default:
      process.stderr.write(
        `school-mcp: unknown command "${command}"${didYouMean(command, COMMANDS)}. Commands: ${COMMANDS.join(", ")}; see school-mcp --help\n`,
      );
      return 2;
  }
}

function logger(flags: Flags) {
  return createLogger({ level: logLevel(flags) });
}

interface SystemError {
  code?: unknown;
  syscall?: unknown;
  address?: unknown;
  port?: unknown;
}

function isUsageOrSetup(error: unknown): boolean {
  if (isSchoolMcpError(error)) return error.kind === "configuration" || error.kind === "user_input";
  const code = (error as SystemError | null)?.code;
  return code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL";
}

/** What went wrong in words a person can act on; an unknown failure says how to see more. */
export function failureMessage(error: unknown): string {
  if (isSchoolMcpError(error)) return error.message;
  const system = (error ?? {}) as SystemError;
  if (system.syscall === "listen") {
    const where = `${String(system.address ?? "")}:${String(system.port ?? "")}`;
    if (system.code === "EADDRINUSE") {
      return `port ${String(system.port)} on ${String(system.address)} is already in use (another school-mcp, or another server). Stop it, or choose another port with --port N or http.port in the config.`;
    }
    if (system.code === "EACCES") {
      return `not allowed to listen on ${where}: ports below 1024 need extra rights; choose another with --port N.`;
    }
    if (system.code === "EADDRNOTAVAIL") {
      return `cannot listen on ${where}: this machine has no such address; check --host or http.host.`;
    }
  }
  return "unexpected failure; run with SCHOOL_MCP_LOG_LEVEL=debug for details";
}
