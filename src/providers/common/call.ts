import type { CallContext } from "../../domain/connector.js";
import type { UpstreamCallOptions } from "../../upstream/index.js";

/**
 * The caller's scope set as part of every cache and single-flight key: an answer read for a caller with
 * sensitive:read is never served to one without it.
 */
export function scopeKey(ctx: CallContext): string {
  let key = scopeKeys.get(ctx.scopes);
  if (key === undefined) {
    key = [...ctx.scopes].sort().join(",");
    scopeKeys.set(ctx.scopes, key);
  }
  return key;
}

/** A call's scope set is built once and read for each of its upstream requests. */
const scopeKeys = new WeakMap<ReadonlySet<string>, string>();

/**
 * What every upstream call of a tool call carries: the cache scope, and no waiting (queue, retries, the
 * exchange itself) past the caller's deadline. `minWaitMs` grants a provider with no rate budget to queue
 * for (CentreCareOS) one short exchange even at the deadline, so work that reads its first part before
 * looking at the clock answers with that part and a cursor rather than a timeout.
 */
export function callOptions(
  ctx: CallContext,
  options: { fresh?: boolean; minWaitMs?: number } = {},
): UpstreamCallOptions {
  const remaining =
    ctx.deadline === undefined ? undefined : Math.max(options.minWaitMs ?? 1, ctx.deadline - Date.now());
  return {
    scopeKey: scopeKey(ctx),
    caller: ctx.caller,
    ...(ctx.meter ? { meter: ctx.meter } : {}),
    ...(remaining === undefined ? {} : { maxWaitMs: remaining }),
    ...(options.fresh ? { noCache: true } : {}),
  };
}
