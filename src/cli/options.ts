import { parseArgs } from "node:util";
import { didYouMean } from "../config/suggest.js";
import { UserInputError } from "../errors.js";
import { isSandboxVariant, type SandboxVariant, VARIANT_NAMES } from "../sandbox/common/variants.js";

/** Flags shared by serve, demo, call and tools; each command reads the ones it needs. */
export const FLAGS = {
  config: { type: "string" },
  http: { type: "boolean" },
  host: { type: "string" },
  port: { type: "string" },
  "read-only": { type: "boolean" },
  toolsets: { type: "string" },
  tools: { type: "string" },
  "exclude-tools": { type: "string" },
  "log-level": { type: "string" },
  demo: { type: "boolean" },
  args: { type: "string" },
  json: { type: "boolean" },
  seed: { type: "string" },
  "latency-ms": { type: "string" },
  "jitter-ms": { type: "string" },
  "error-rate": { type: "string" },
  "time-scale": { type: "string" },
  now: { type: "string" },
  variant: { type: "string" },
  student: { type: "string" },
  caller: { type: "string" },
  since: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export type Flags = ReturnType<typeof parseFlags>["values"];

export function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : "invalid arguments";
    const unknown = /^Unknown option '(-{1,2}[^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const known = Object.keys(FLAGS).map((name) => `--${name}`);
      throw new UserInputError(
        `unknown option ${unknown}${didYouMean(unknown.replace(/=.*$/, ""), known)}; see school-mcp --help`,
      );
    }
    throw new UserInputError(message);
  }
}

export function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean);
}

export function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0)
    throw new UserInputError(`--${name} must be a non-negative number`);
  return parsed;
}

/** An ISO date-time with its zone (`--now 2026-12-07T06:30:00Z`), so the sandbox can be put at any hour. */
export function instant(value: string, name: string): number {
  const ms = Date.parse(value);
  if (!/(Z|[+-]\d\d:\d\d)$/.test(value) || Number.isNaN(ms)) {
    throw new UserInputError(
      `--${name}: "${value}" is not an ISO date-time with a zone, e.g. 2026-12-07T06:30:00Z`,
    );
  }
  return ms;
}

export function variant(name: string): SandboxVariant {
  if (!isSandboxVariant(name)) {
    throw new UserInputError(
      `--variant: unknown variant "${name}". Use one of: ${VARIANT_NAMES.join(", ")}.`,
    );
  }
  return name;
}
