import { MissingUpstreamScopeError, NotFoundError, UserInputError } from "../../errors.js";
import { rejectedKeyError } from "./auth.js";
import { PROVIDER } from "./endpoints.js";

/** `{"error":{"code","message","status"}}`, or undefined when the body is not that shape. */
export function readError(body: unknown): { code?: string; message?: string } | undefined {
  if (!body || typeof body !== "object") return undefined;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== "object") return undefined;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return {
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof message === "string" ? { message } : {}),
  };
}

/** Provider messages are short validation sentences; we pass them on trimmed and without control characters. */
function safeMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const cleaned = message.replace(/[\u0000-\u001f\u007f]/g, " ").trim();
  return cleaned.length > 200 ? `${cleaned.slice(0, 200)}...` : cleaned;
}

/**
 * Error responses to typed errors. 429 and 5xx fall through to the upstream layer's defaults, which know the
 * Retry-After; 404 here is generic and the connector renames it after the id it asked for.
 */
export function mapCentreCareOsError(status: number, body: unknown): Error | undefined {
  const error = readError(body);
  if (status === 401) return rejectedKeyError();
  if (status === 403) {
    const scope = /scope:\s*([a-z_]+:[a-z_]+)/i.exec(error?.message ?? "")?.[1];
    return new MissingUpstreamScopeError(PROVIDER, scope ?? "not named by CentreCareOS");
  }
  if (status === 404) return new NotFoundError(`${PROVIDER} has no such record.`);
  if (status === 400 || status === 409 || status === 413 || status === 422) {
    const message = safeMessage(error?.message);
    return new UserInputError(
      message
        ? `${PROVIDER} refused the request; its own words, quoted as data: "${message}"`
        : `${PROVIDER} refused the request (HTTP ${status}).`,
    );
  }
  return undefined;
}
