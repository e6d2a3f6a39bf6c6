import type { CallToolResult } from "@modelcontextprotocol/server";
import { isSchoolMcpError, type SchoolMcpError } from "../errors.js";
import { redactString } from "../log.js";
import { cleanText } from "./sanitize.js";

const PREFIX: Record<SchoolMcpError["kind"], string> = {
  user_input: "Invalid input",
  configuration: "Configuration problem",
  forbidden: "Not permitted",
  unauthorized: "Upstream sign-in failed",
  missing_upstream_scope: "Missing upstream scope",
  not_found: "Not found",
  conflict: "Refused",
  rate_limited: "Rate limited",
  timeout: "Timed out",
  unavailable: "Provider unavailable",
  invalid_response: "Provider sent an unreadable response",
  not_supported: "Not supported",
  outcome_unknown: "May have been done",
};

/** The one place an error becomes what the model reads: kind, actionable message, never a stack trace. */
export function errorResult(error: unknown): CallToolResult {
  const { kind, message, extra } = describeError(error);
  return {
    isError: true,
    content: [{ type: "text", text: `${PREFIX[kind]}: ${message}` }],
    structuredContent: undefined,
    _meta: { "school-mcp/error": { kind, ...extra } },
  };
}

export function describeError(error: unknown): {
  kind: SchoolMcpError["kind"];
  message: string;
  extra: Record<string, unknown>;
} {
  if (isSchoolMcpError(error)) {
    const extra: Record<string, unknown> = {};
    if (error.field) extra["field"] = error.field;
    if ("retryAfterSeconds" in error) extra["retryAfterSeconds"] = error.retryAfterSeconds;
    if ("scope" in error) extra["scope"] = error.scope;
    // Messages can carry a provider's own words: cleaned and capped like every other provider text.
    return { kind: error.kind, message: cleanText(redactString(error.message), 1_000), extra };
  }
  return {
    kind: "unavailable",
    message:
      "An internal error stopped this call. Nothing was changed by it; try again, and report it if it persists.",
    extra: {},
  };
}
