import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { z } from "zod";
import { ConfigurationError } from "../errors.js";
import { PROVIDERS } from "../providers/index.js";
import type { AnyProvider } from "../providers/types.js";
import { interpolateEnv, isUnfilledPlaceholder } from "./interpolate.js";
import { findJsonSyntaxProblem } from "./json-syntax.js";
import { type Config, configSchema } from "./schema.js";
import { didYouMean } from "./suggest.js";

/** `--config`, then $SCHOOL_MCP_CONFIG, then ./mcp.config.json. */
export function resolveConfigPath(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (explicit) return resolve(explicit);
  const fromEnv = env["SCHOOL_MCP_CONFIG"]?.trim();
  if (fromEnv && !isUnfilledPlaceholder(fromEnv)) return resolve(fromEnv);
  return resolve("mcp.config.json");
}

export function loadConfigFile(path: string, env: NodeJS.ProcessEnv = process.env): Config {
  if (!existsSync(path)) {
    throw new ConfigurationError(
      `config file not found: ${path}. Pass --config FILE, set SCHOOL_MCP_CONFIG, or create ./mcp.config.json (see mcp.config.example.json).`,
    );
  }
  return parseConfig(parseJsonFile(path, readFileSync(path, "utf8")), env);
}

/** JSON.parse with the place of a syntax error as `file:line:column`, as editors and terminals link it. */
export function parseJsonFile(path: string, content: string): unknown {
  // Notepad and some editors on Windows save a byte-order mark, which JSON.parse refuses.
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  try {
    return JSON.parse(text);
  } catch {
    const problem = findJsonSyntaxProblem(text);
    throw new ConfigurationError(
      problem
        ? `${path}:${problem.line}:${problem.column}: invalid JSON: ${problem.reason}`
        : `${path} is not valid JSON`,
    );
  }
}

/** Validates a config for the providers in the list (the server's own by default). */
export function parseConfig(
  raw: unknown,
  env: NodeJS.ProcessEnv = process.env,
  providers: readonly AnyProvider[] = PROVIDERS,
): Config {
  const interpolated = interpolateEnv(raw, env);
  const schema = configSchema(providers);
  const parsed = schema.safeParse(interpolated);
  if (!parsed.success) {
    throw new ConfigurationError(formatIssues(parsed.error.issues, interpolated, { schema, providers }));
  }
  return parsed.data as Config;
}

/** What the messages are worded against: the schema that refused, and the providers it was built from. */
interface Against {
  schema: z.core.$ZodType;
  providers: readonly AnyProvider[];
}

/**
 * One line per problem, each starting with its key path. Messages come from our schema or zod's type
 * names; they never include the offending value, which may be a secret.
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  against: Against = { schema: configSchema(), providers: PROVIDERS },
): string {
  const lines = issues.flatMap((issue) => describeIssue(issue, input, against));
  return [...new Set(lines)].join("\n");
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown, against: Against): string[] {
  const path = issue.path.map(String).join(".") || "(root)";
  if (issue.code === "invalid_union") {
    return describeUnion(issue, input, against);
  }
  if (issue.code === "unrecognized_keys") {
    const known = keysAt(against.schema, issue.path, input).filter((key) => !key.startsWith("$"));
    return issue.keys.map(
      (key) => `${path === "(root)" ? "" : `${path}.`}${key}: unknown key${didYouMean(key, known)}`,
    );
  }
  if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) {
    return [`${path}: required`];
  }
  if (issue.code === "invalid_type") return [`${path}: expected ${issue.expected}`];
  return [`${path}: ${issue.message}`];
}

/** A connection that fails every provider form: report the form its `provider` (and `role`) names. */
function describeUnion(
  issue: z.core.$ZodIssue & { code: "invalid_union" },
  input: unknown,
  against: Against,
): string[] {
  const value = valueAt(input, issue.path) as Record<string, unknown> | undefined;
  const path = issue.path.map(String).join(".");
  const provider = against.providers.find((candidate) => candidate.name === value?.["provider"]);
  if (!provider) {
    return [`${path}.provider: must be one of ${against.providers.map((p) => p.name).join(", ")}`];
  }
  // A provider with several forms tells them apart by another literal (ClassCharts: role).
  const forms = provider.connectionSchemas as readonly z.core.$ZodType[];
  if (forms.length > 1 && !forms.some((form) => matchesLiterals(form, value))) {
    const [field, allowed] = distinguishingLiteral(forms);
    if (field) return [`${path}.${field}: must be ${allowed.map((v) => JSON.stringify(v)).join(" or ")}`];
  }
  const candidates = issue.errors.filter(
    (variant) => !variant.some((inner) => inner.code === "invalid_value" && inner.path.length === 1),
  );
  const chosen = candidates[0] ?? issue.errors[0] ?? [];
  return chosen.flatMap((inner) =>
    describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, input, against),
  );
}

/** The literal field (other than provider) whose value picks a form, with the values it may take. */
function distinguishingLiteral(forms: readonly z.core.$ZodType[]): [string | undefined, unknown[]] {
  const literals = forms.map((form) => {
    const shape = (form._zod.def as unknown as { shape?: Record<string, z.core.$ZodType> }).shape ?? {};
    return Object.entries(shape).filter(
      ([key, field]) => key !== "provider" && (field._zod.def as { type: string }).type === "literal",
    );
  });
  const field = literals[0]?.[0]?.[0];
  const allowed = literals.flatMap((entries) =>
    entries
      .filter(([key]) => key === field)
      .flatMap(([, schema]) => (schema._zod.def as unknown as { values: unknown[] }).values),
  );
  return [field, allowed];
}

/** The keys the schema allows at a path of the input: what an unknown key is compared against. */
function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[], input: unknown): string[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  const inner = (key: string) => def[key] as z.core.$ZodType;
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
    case "nullable":
      return keysAt(inner("innerType"), path, input);
    case "pipe":
      return keysAt(inner("in"), path, input);
    case "union": {
      // A connection: the variant its provider (and role) names, else every variant's keys.
      const options = def["options"] as z.core.$ZodType[];
      const value = input && typeof input === "object" ? (input as Record<string, unknown>) : undefined;
      const matching = options.filter((option) => matchesLiterals(option, value));
      return [...new Set((matching.length > 0 ? matching : options).flatMap((o) => keysAt(o, path, input)))];
    }
  }
  if (path.length === 0) {
    return def.type === "object" ? Object.keys(def["shape"] as Record<string, unknown>) : [];
  }
  const [head, ...rest] = path;
  const next = valueAt(input, [head as PropertyKey]);
  if (def.type === "object") {
    const field = (def["shape"] as Record<string, z.core.$ZodType>)[String(head)];
    return field ? keysAt(field, rest, next) : [];
  }
  if (def.type === "record") return keysAt(inner("valueType"), rest, next);
  if (def.type === "array") return keysAt(inner("element"), rest, next);
  return [];
}

/** Whether every literal field of an object schema (provider, role) agrees with the value. */
function matchesLiterals(schema: z.core.$ZodType, value: Record<string, unknown> | undefined): boolean {
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType> };
  if (def.type !== "object" || !def.shape || !value) return false;
  return Object.entries(def.shape).every(([key, field]) => {
    const fieldDef = field._zod.def as unknown as { type: string; values?: unknown[] };
    return fieldDef.type !== "literal" || (fieldDef.values ?? []).includes(value[key]);
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
