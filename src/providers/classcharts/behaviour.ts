/** The activity feed paged by last_id across a range, and totals merged across pupils. */
import type { BehaviourEvent, BehaviourResult, CallContext, DateRange } from "../../domain/index.js";
import { PARAMS } from "./endpoints.js";
import { asArray, isObject } from "./envelope.js";
import { mapActivity, str } from "./map.js";

/** Ten thousand points is more than any pupil earns in a year; past that, something is looping. */
const MAX_PAGES = 200;

type PageFetch = (
  query: Record<string, string | undefined>,
) => Promise<{ data: unknown; meta: Record<string, unknown> }>;

/**
 * Pages newest-first with `last_id` = the last item's id until an empty page or `last_id: false`. The
 * service is known to treat `from` loosely, so paging also stops once a page reaches back before the range,
 * and items outside it are dropped.
 */
export async function fetchActivity(
  fetchPage: PageFetch,
  pupilId: string,
  range: DateRange,
  connection: string,
  ctx: CallContext,
): Promise<BehaviourEvent[]> {
  const events: BehaviourEvent[] = [];
  let lastId: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data, meta } = await fetchPage({
      [PARAMS.from]: range.from,
      [PARAMS.to]: range.to,
      [PARAMS.lastId]: lastId,
    });
    const items = asArray(data, "the activity feed").filter(isObject);
    if (items.length === 0) break;
    let reachedBeforeRange = false;
    for (const item of items) {
      const event = mapActivity(item, pupilId, connection);
      if (!event) continue;
      const date = event.timestamp.slice(0, 10);
      if (date < range.from) reachedBeforeRange = true;
      else if (date <= range.to) events.push(event);
    }
    ctx.progress?.(page, undefined, `activity page ${page} (${events.length} points)`);
    const next = meta["last_id"] === false ? undefined : (str(meta["last_id"]) ?? str(items.at(-1)?.["id"]));
    if (next === undefined || next === lastId || reachedBeforeRange) break;
    lastId = next;
    if (page === MAX_PAGES) ctx.logger.warn("activity paging stopped at the page cap", { pages: page });
  }
  return events;
}

export function mergeTotals(parts: BehaviourResult["totals"][]): BehaviourResult["totals"] {
  const merged: BehaviourResult["totals"] = { positive: 0, negative: 0, byReason: {} };
  for (const part of parts) {
    merged.positive += part.positive;
    merged.negative += part.negative;
    for (const [reason, entry] of Object.entries(part.byReason)) {
      const existing = merged.byReason[reason];
      if (existing) existing.count += entry.count;
      else merged.byReason[reason] = { ...entry };
    }
  }
  return merged;
}
