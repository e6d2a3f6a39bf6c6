import { parseArgs } from "node:util";
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
  help: { type: "boolean", short: "h" },
} as const;

export type Flags = ReturnType<typeof parseFlags>["values"];

export function parseFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UserInputError(error instanceof Error ? error.message : "invalid arguments");
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

export const USAGE = `school-mcp: MCP server for school and childcare systems

Usage:
  school-mcp serve   [--config FILE] [--http [--host H] [--port N]] [--read-only] [--toolsets a,b] [--tools x,y]
  school-mcp demo    [same flags] [--time-scale K] [--now ISO] [--variant NAME]
                                             the server over the built-in sandbox; no credentials needed
  school-mcp call    TOOL [--args JSON] [--config FILE | --demo]
  school-mcp tools   [--config FILE | --demo] [--json] [--read-only] [--toolsets a,b] [--tools x,y]
  school-mcp check   [--config FILE]
  school-mcp sandbox [--port N] [--seed N] [--latency-ms N] [--jitter-ms N] [--error-rate P] [--time-scale K] [--now ISO]
                     [--variant NAME]        a variant reading of the documents (default, filters-ignored,
                                             small-pages, alt-fields, extra-fields, nulls, offsets, stand-in)

Config: --config FILE, else $SCHOOL_MCP_CONFIG, else ./mcp.config.json.
Exit codes: 0 ok, 1 tool or check failure, 2 usage or configuration error.`;
