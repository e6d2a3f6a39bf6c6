import type { CallContext } from "../../domain/connector.js";
import type { UpstreamCallOptions } from "../../upstream/index.js";

/**
 * The caller's scope set as part of every cache and single-flight key: an answer read for a caller with
 * sensitive:read is never served to one without it.
 */
export function scopeKey(ctx: CallContext): string {
  return [...ctx.scopes].sort().join(",");
}

/**
 * What every upstream call of a tool call carries: the cache scope, and no waiting (queue, retries, the
 * exchange itself) past the caller's deadline. The same rule for every provider.
 */
export function callOptions(ctx: CallContext, options: { fresh?: boolean } = {}): UpstreamCallOptions {
  const remaining = ctx.deadline === undefined ? undefined : Math.max(1, ctx.deadline - Date.now());
  return {
    scopeKey: scopeKey(ctx),
    ...(remaining === undefined ? {} : { maxWaitMs: remaining }),
    ...(options.fresh ? { noCache: true } : {}),
  };
}
