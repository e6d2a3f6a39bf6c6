import type { z } from "zod";
import { UserInputError } from "../errors.js";

export const MAX_STRING_LENGTH = 10_000;
/** No tool takes arguments nested deeper than a few levels; deeper is refused before anything walks it. */
export const MAX_DEPTH = 16;
/** Values in one call's arguments (keys, items, leaves): far above any real call, far below a flood. */
export const MAX_VALUES = 5_000;

/**
 * Some clients send object or array arguments as JSON text. When validation fails, try again with such
 * strings parsed; the second attempt's errors are reported only if it also fails.
 */
export function parseArguments<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const args = raw ?? {};
  rejectOversized(args);
  const first = schema.safeParse(args);
  if (first.success) return first.data;
  const revived = reviveJsonStrings(args);
  if (revived !== args) {
    const second = schema.safeParse(revived);
    if (second.success) return second.data;
  }
  throw new UserInputError(describeIssues(first.error.issues), first.error.issues[0]?.path.join("."));
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 5).map((issue) => {
    const field = issue.path.length ? issue.path.join(".") : "arguments";
    if (issue.code === "unrecognized_keys") return `${field}: unknown argument(s) ${issue.keys.join(", ")}`;
    if (issue.code === "invalid_type" && issue.message.includes("received undefined"))
      return `${field}: required`;
    return `${field}: ${issue.message}`;
  });
  return `Invalid arguments. ${lines.join("; ")}`;
}

/** Refuses over-long strings, deep nesting and floods of values, walking iteratively (no stack to blow). */
function rejectOversized(args: unknown): void {
  const stack: { value: unknown; path: string[] }[] = [{ value: args, path: [] }];
  let seen = 0;
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string[] };
    const where = path.join(".") || "arguments";
    if (++seen > MAX_VALUES) throw new UserInputError(`arguments: more than ${MAX_VALUES} values`);
    if (typeof value === "string") {
      if (value.length > MAX_STRING_LENGTH) {
        throw new UserInputError(`${where}: longer than ${MAX_STRING_LENGTH} characters`, path.join("."));
      }
      continue;
    }
    if (!value || typeof value !== "object") continue;
    if (path.length >= MAX_DEPTH) {
      throw new UserInputError(`${where}: nested deeper than ${MAX_DEPTH} levels`, path.join("."));
    }
    const entries = Array.isArray(value)
      ? value.map((item, index) => [String(index), item] as const)
      : Object.entries(value);
    for (const [key, inner] of entries) stack.push({ value: inner, path: [...path, key] });
  }
}

function reviveJsonStrings(args: unknown): unknown {
  if (!args || typeof args !== "object" || Array.isArray(args)) return args;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    out[key] = value;
    if (typeof value === "string" && /^\s*[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        changed = true;
      } catch {
        // Not JSON after all: leave it for the schema to judge.
      }
    }
  }
  return changed ? out : args;
}
