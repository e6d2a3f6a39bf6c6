/**
 * The environment equivalents of the flags (listed in usage.ts), for launchers that set variables more
 * easily than arguments: Claude Desktop bundles, containers, systemd units. A flag wins over its variable.
 */
import { isUnfilledPlaceholder } from "../config/interpolate.js";
import { didYouMean } from "../config/suggest.js";
import { UserInputError } from "../errors.js";
import { LOG_LEVELS, type LogLevel, parseLogLevel } from "../log.js";
import { type Flags, list } from "./options.js";

type Env = NodeJS.ProcessEnv;

/** A variable's value, or undefined when it is unset, empty or a bundle field left empty. */
export function envValue(name: string, env: Env = process.env): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" || isUnfilledPlaceholder(value) ? undefined : value;
}

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off"];

export function envBoolean(name: string, env: Env = process.env): boolean | undefined {
  const value = envValue(name, env)?.toLowerCase();
  if (value === undefined) return undefined;
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  throw new UserInputError(
    `${name}: "${value}" is not a yes or no${didYouMean(value, [...TRUE, ...FALSE])}; use true or false`,
  );
}

export interface ToolSelection {
  readOnly: boolean;
  toolsets?: string[];
  tools?: string[];
  excludeTools?: string[];
}

/** Read-only and tool narrowing from the flags, else their variables; each names where it came from. */
export function toolSelection(flags: Flags, env: Env = process.env): ToolSelection & { sources: Sources } {
  const sources: Sources = {};
  const pick = (flag: "toolsets" | "tools" | "exclude-tools", variable: string) => {
    const fromFlag = list(flags[flag]);
    if (fromFlag !== undefined) {
      sources[flag] = `--${flag}`;
      return fromFlag;
    }
    const fromEnv = list(envValue(variable, env));
    if (fromEnv !== undefined) sources[flag] = variable;
    return fromEnv;
  };
  const toolsets = pick("toolsets", "SCHOOL_MCP_TOOLSETS");
  const tools = pick("tools", "SCHOOL_MCP_TOOLS");
  const excludeTools = pick("exclude-tools", "SCHOOL_MCP_EXCLUDE_TOOLS");
  return {
    readOnly: flags["read-only"] === true || envBoolean("SCHOOL_MCP_READ_ONLY", env) === true,
    ...(toolsets ? { toolsets } : {}),
    ...(tools ? { tools } : {}),
    ...(excludeTools ? { excludeTools } : {}),
    sources,
  };
}

/** Where each narrowing list came from, so an unknown name is reported against the right source. */
export type Sources = Partial<Record<"toolsets" | "tools" | "exclude-tools", string>>;

export function logLevel(flags: Flags, env: Env = process.env): LogLevel {
  const [source, value] =
    flags["log-level"] !== undefined
      ? ["--log-level", flags["log-level"]]
      : ["SCHOOL_MCP_LOG_LEVEL", envValue("SCHOOL_MCP_LOG_LEVEL", env)];
  if (value === undefined) return "info";
  const level = parseLogLevel(value);
  if (level === undefined) {
    throw new UserInputError(
      `${source}: unknown log level "${value}"${didYouMean(value, LOG_LEVELS)}. Use one of: ${LOG_LEVELS.join(", ")}.`,
    );
  }
  return level;
}
