/**
 * Typed errors. Every failure a tool can meet is one of these; the tool wrapper turns each kind into an
 * actionable isError result. Messages are written for the person (or model) reading them: they say what
 * happened and what to do, and never carry a secret, a response body or a child's personal data.
 */
export type ErrorKind =
  | "user_input"
  | "configuration"
  | "forbidden"
  | "unauthorized"
  | "missing_upstream_scope"
  | "not_found"
  | "conflict"
  | "rate_limited"
  | "timeout"
  | "unavailable"
  | "invalid_response"
  | "not_supported"
  | "outcome_unknown";

export class SchoolMcpError extends Error {
  readonly kind: ErrorKind;
  /** Key path or argument name the error is about, when there is one. */
  readonly field?: string;
  constructor(kind: ErrorKind, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    if (options?.field !== undefined) this.field = options.field;
  }
}

/** The caller sent something we can name and the caller can fix. */
export class UserInputError extends SchoolMcpError {
  constructor(message: string, field?: string) {
    super("user_input", message, field === undefined ? undefined : { field });
  }
}

export class ConfigurationError extends SchoolMcpError {
  constructor(message: string, field?: string) {
    super("configuration", message, field === undefined ? undefined : { field });
  }
}

/** Our own scope rules refuse the call (connection or caller lacks a scope, read-only mode). */
export class ForbiddenError extends SchoolMcpError {
  constructor(message: string) {
    super("forbidden", message);
  }
}

/** The upstream refused our credentials (sign-in failed, key revoked). */
export class UnauthorizedError extends SchoolMcpError {
  constructor(message: string) {
    super("unauthorized", message);
  }
}

export class MissingUpstreamScopeError extends SchoolMcpError {
  readonly scope: string;
  constructor(provider: string, scope: string) {
    super(
      "missing_upstream_scope",
      `${provider} refused the call: the credential lacks the upstream scope "${scope}". Grant it to the key in the provider's settings.`,
    );
    this.scope = scope;
  }
}

export class NotFoundError extends SchoolMcpError {
  constructor(message: string) {
    super("not_found", message);
  }
}

/** The request is well formed but the current state forbids it (check-out of a child not checked in). */
export class ConflictError extends SchoolMcpError {
  constructor(message: string) {
    super("conflict", message);
  }
}

export class RateLimitedError extends SchoolMcpError {
  readonly retryAfterSeconds: number;
  constructor(provider: string, retryAfterSeconds: number, detail?: string) {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(
      "rate_limited",
      `${provider} rate limit reached${detail ? ` (${detail})` : ""}. Retry in ${seconds} s.`,
    );
    this.retryAfterSeconds = seconds;
  }
}

export class TimeoutError extends SchoolMcpError {
  constructor(provider: string, phase: string) {
    super("timeout", `${provider} did not answer in time (${phase}). Try again shortly.`);
  }
}

export class UnavailableError extends SchoolMcpError {
  constructor(provider: string, detail?: string) {
    super("unavailable", `${provider} is unavailable${detail ? `: ${detail}` : ""}. Try again later.`);
  }
}

export class InvalidResponseError extends SchoolMcpError {
  constructor(provider: string, detail: string) {
    super("invalid_response", `${provider} sent a response we could not read (${detail}).`);
  }
}

export class NotSupportedError extends SchoolMcpError {
  constructor(message: string) {
    super("not_supported", message);
  }
}

/**
 * A write that may have happened: the request reached the provider and no clear answer came back (timeout,
 * reset, 5xx, an unreadable body). Never retried blindly; the message says how to check first.
 */
export class WriteOutcomeUnknownError extends SchoolMcpError {
  constructor(provider: string, what: string, howToCheck: string) {
    super(
      "outcome_unknown",
      `${provider} may have done this (${what}): the request was sent but no clear answer came back. ${howToCheck} before trying again.`,
    );
  }
}

export function isSchoolMcpError(error: unknown): error is SchoolMcpError {
  return error instanceof SchoolMcpError;
}
