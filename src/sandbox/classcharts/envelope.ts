import type { SandboxReply } from "../common/http.js";

/**
 * ClassCharts wraps every API answer in {success, data, meta}. An empty meta is serialised as `[]` (the
 * service is PHP: an empty associative array becomes a JSON list), and clients have to tolerate that.
 */
export function ok(data: unknown, meta: Record<string, unknown> = {}, status = 200): SandboxReply {
  return {
    status,
    json: { success: 1, data, meta: Object.keys(meta).length === 0 ? [] : meta },
  };
}

export function fail(error: string, options: { status?: number; expired?: boolean } = {}): SandboxReply {
  return {
    status: options.status ?? 200,
    json: { success: 0, error, expired: options.expired ? 1 : 0, data: null, meta: null },
  };
}

export const NOT_LOGGED_IN = "You are not logged in";

export function notLoggedIn(status: 200 | 401): SandboxReply {
  return fail(NOT_LOGGED_IN, { status, expired: true });
}
