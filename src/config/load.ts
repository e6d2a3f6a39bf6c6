import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { ConfigurationError } from "../errors.js";
import { interpolateEnv } from "./interpolate.js";
import { Config } from "./schema.js";

/** `--config`, then $SCHOOL_MCP_CONFIG, then ./mcp.config.json. */
export function resolveConfigPath(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (explicit) return resolve(explicit);
  if (env["SCHOOL_MCP_CONFIG"]) return resolve(env["SCHOOL_MCP_CONFIG"]);
  return resolve("mcp.config.json");
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  if (!existsSync(path)) {
    throw new ConfigurationError(
      `config file not found: ${path}. Pass --config FILE, set SCHOOL_MCP_CONFIG, or create ./mcp.config.json (see mcp.config.example.json).`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new ConfigurationError(`${path} is not valid JSON`);
  }
  return parseConfig(raw, env);
}

export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env): Config {
  const interpolated = interpolateEnv(raw, env);
  const parsed = Config.safeParse(interpolated);
  if (!parsed.success) {
    throw new ConfigurationError(formatIssues(parsed.error.issues, interpolated));
  }
  return parsed.data;
}

/**
 * One line per problem, each starting with its key path. Messages come from our schema or zod's type
 * names; they never include the offending value, which may be a secret.
 */
export function formatIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  const lines = issues.flatMap((issue) => describeIssue(issue, input));
  return [...new Set(lines)].join("\n");
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string[] {
  const path = issue.path.map(String).join(".") || "(root)";
  if (issue.code === "invalid_union") {
    return describeUnion(issue, input);
  }
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => `${path === "(root)" ? "" : `${path}.`}${key}: unknown key`);
  }
  if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) {
    return [`${path}: required`];
  }
  if (issue.code === "invalid_type") return [`${path}: expected ${issue.expected}`];
  return [`${path}: ${issue.message}`];
}

/** A connection that fails every provider variant: report the variant its `provider` (and `role`) names. */
function describeUnion(issue: z.core.$ZodIssue & { code: "invalid_union" }, input: unknown): string[] {
  const value = valueAt(input, issue.path) as Record<string, unknown> | undefined;
  const path = issue.path.map(String).join(".");
  const provider = value?.["provider"];
  const known = ["centrecareos", "hubmis", "classcharts"];
  if (typeof provider !== "string" || !known.includes(provider)) {
    return [`${path}.provider: must be one of ${known.join(", ")}`];
  }
  if (provider === "classcharts" && value?.["role"] !== "parent" && value?.["role"] !== "student") {
    return [`${path}.role: must be "parent" or "student"`];
  }
  const candidates = issue.errors.filter(
    (variant) => !variant.some((inner) => inner.path[0] === "provider" || inner.path[0] === "role"),
  );
  const chosen = candidates[0] ?? issue.errors[0] ?? [];
  return chosen.flatMap((inner) =>
    describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, input),
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
