/** The activity feed, paged by last_id to its real end across a range. */
import type { Badge, CallContext, DateRange } from "../../domain/index.js";
import { InvalidResponseError } from "../../errors.js";
import { asArray, isObject, PROVIDER } from "./api.js";
import { PARAMS } from "./endpoints.js";
import { ActivityWire, dateOnly, str } from "./wire.js";

/**
 * More pages than any pupil's year fills even at a handful of points a page; past that, the feed is looping
 * and the answer would be short, so the call fails saying so.
 */
const MAX_PAGES = 500;

type PageFetch = (
  query: Record<string, string | undefined>,
) => Promise<{ data: unknown; meta: Record<string, unknown> }>;

/**
 * The raw points of the feed from `sent.to` back to `from`, newest first. The feed pages with `last_id` =
 * the last item's id until an empty page or `last_id: false`, whatever its page size (the notes say at most
 * 50; a server may send fewer, and a short page is not the end). The reference warns that `from` is not a
 * filter here, so paging also stops once a page reaches back before `from`; the caller drops what is
 * outside. A point whose date cannot be read never stops the paging.
 */
export async function fetchActivity(
  fetchPage: PageFetch,
  sent: DateRange,
  from: string,
  ctx: CallContext,
): Promise<unknown[]> {
  const raws: unknown[] = [];
  let lastId: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data, meta } = await fetchPage({
      [PARAMS.from]: sent.from,
      [PARAMS.to]: sent.to,
      [PARAMS.lastId]: lastId,
    });
    const items = asArray(data, "the activity feed");
    if (items.length === 0) return raws;
    raws.push(...items);
    ctx.progress?.(page, undefined, `activity page ${page} (${raws.length} points)`);
    const reachedBefore = items.some((item) => {
      const date = dateOnly(ActivityWire.safeParse(item).data?.timestamp);
      return date !== undefined && date < from;
    });
    const last = items.at(-1);
    const next =
      meta["last_id"] === false
        ? undefined
        : (str(meta["last_id"]) ?? str(isObject(last) ? last["id"] : undefined));
    if (next === undefined || next === lastId || reachedBefore) return raws;
    lastId = next;
  }
  throw new InvalidResponseError(
    PROVIDER,
    `the activity feed did not end after ${MAX_PAGES} pages, so the points listed would be incomplete; ask for a shorter range`,
  );
}

/**
 * One badge of the eventbadges call ("Get Badges": badges the pupil has, with the points that earned them).
 * The reference shows no sample: the name may come as name, badge_name or title, the award's day as
 * created_date, date or timestamp. A badge with no readable name or day is unreadable, never dated by guess.
 */
export function mapBadge(
  raw: unknown,
  pupil: { id: string; name?: string | undefined },
  connection: string,
): Badge | undefined {
  if (!isObject(raw)) return undefined;
  const name = str(raw["name"]) ?? str(raw["badge_name"]) ?? str(raw["title"]);
  const date = dateOnly(raw["created_date"] ?? raw["date"] ?? raw["timestamp"] ?? raw["awarded_at"]);
  if (!name || !date) return undefined;
  const id = str(raw["id"]) ?? `${name}:${date}`;
  const earned = Array.isArray(raw["pupil_badges"]) ? raw["pupil_badges"] : [];
  const reasons = [
    ...new Set(
      earned
        .map((e) =>
          isObject(e) && isObject(e["lesson_pupil_behaviour"])
            ? str(e["lesson_pupil_behaviour"]["reason"])
            : undefined,
        )
        .filter((r): r is string => r !== undefined),
    ),
  ];
  return {
    connection,
    id,
    studentId: pupil.id,
    ...(pupil.name ? { studentName: pupil.name } : {}),
    name,
    date,
    ...(reasons.length ? { reasons } : {}),
  };
}
