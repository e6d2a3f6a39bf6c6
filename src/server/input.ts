import type { z } from "zod";
import { UserInputError } from "../errors.js";

export const MAX_STRING_LENGTH = 10_000;

/**
 * Some clients send object or array arguments as JSON text. When validation fails, try again with such
 * strings parsed; the second attempt's errors are reported only if it also fails.
 */
export function parseArguments<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const args = raw ?? {};
  rejectOversizedStrings(args, []);
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

function rejectOversizedStrings(value: unknown, path: string[]): void {
  if (typeof value === "string") {
    if (value.length > MAX_STRING_LENGTH) {
      throw new UserInputError(
        `${path.join(".") || "arguments"}: longer than ${MAX_STRING_LENGTH} characters`,
        path.join("."),
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) rejectOversizedStrings(item, [...path, String(index)]);
  } else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) rejectOversizedStrings(inner, [...path, key]);
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
