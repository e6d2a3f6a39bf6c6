/** Staff: the paged list, and names such as "Mr Patel" resolved to a staff id. */
import type { CallContext, Page, StaffMember } from "../../domain/index.js";
import { UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { HubmisApi, Query } from "./api.js";
import { decodeCursor, encodeCursor, fingerprint } from "./cursor.js";
import { PAGE_SIZE, PATHS, Q } from "./endpoints.js";
import { mapStaff, personName } from "./map.js";
import { parseList, refName, StaffWire } from "./schemas.js";

const DIRECTORY = { kind: "directory" } as const;
const TITLES = /^(mr|mrs|ms|miss|mx|dr|prof|sir|dame)\.?\s+/i;

export interface PageDeps {
  api: HubmisApi;
  logger: Logger;
  connection: string;
}

/**
 * Walks upstream pages of PAGE_SIZE from a cursor until `limit` items are gathered. The cursor keeps the
 * page and the offset in it, so a small limit never costs an extra request and pages are shared.
 */
export async function collectPages<W, T>(
  deps: PageDeps,
  path: string,
  query: Query,
  options: {
    limit: number;
    cursor: string | undefined;
    key: string;
    cache?: { kind: "directory" | "sensitive" };
  },
  parse: (data: unknown) => W[],
  map: (item: W) => T | undefined,
  ctx: CallContext,
): Promise<Page<T>> {
  const start = decodeCursor(options.cursor, options.key) ?? { k: options.key, p: 1, o: 0 };
  const items: T[] = [];
  let page = Math.max(1, start.p);
  let offset = start.o;
  for (;;) {
    const rows = parse(await deps.api.page(path, query, page, options.cache ?? DIRECTORY, ctx));
    const wanted = options.limit - items.length;
    const taken = rows.slice(offset, offset + wanted);
    for (const row of taken) {
      const mapped = map(row);
      if (mapped) items.push(mapped);
    }
    const used = offset + taken.length;
    if (used < rows.length) return { items, nextCursor: encodeCursor({ k: options.key, p: page, o: used }) };
    if (rows.length < PAGE_SIZE) return { items };
    page++;
    offset = 0;
    if (items.length >= options.limit)
      return { items, nextCursor: encodeCursor({ k: options.key, p: page, o: 0 }) };
  }
}

export async function listStaff(
  deps: PageDeps,
  q: { search?: string; limit?: number; cursor?: string },
  ctx: CallContext,
): Promise<Page<StaffMember>> {
  const { title, words } = splitName(q.search ?? "");
  const query: Query = { [Q.filter("status")]: "current" };
  if (words.length > 0) query[Q.search] = words.join(" ");
  const limit = clampLimit(q.limit, 100);
  const key = fingerprint(["staff", query[Q.search] as string | undefined, title]);
  const page = await collectPages(
    deps,
    PATHS.staff,
    query,
    { limit, cursor: q.cursor, key },
    (data) => parseList(data, StaffWire, "the staff list", deps.logger),
    (w) => (title && normaliseTitle(refName(w.title)) !== title ? undefined : mapStaff(w, deps.connection)),
    ctx,
  );
  return page;
}

/** A staff id from an id or a name such as "Mr Patel" or "Dev Patel". */
export async function resolveStaff(
  deps: PageDeps,
  input: string,
  field: string,
  ctx: CallContext,
): Promise<string> {
  const trimmed = input.trim();
  if (/^\d+$/.test(trimmed)) return trimmed;
  const { title, words } = splitName(trimmed);
  if (words.length === 0)
    throw new UserInputError(`${field} must be a staff id or a name such as "Mr Patel"`, field);
  const surname = words[words.length - 1] as string;
  const found = parseList(
    await deps.api.page(
      PATHS.staff,
      { [Q.filter("status")]: "current", [Q.search]: surname },
      1,
      DIRECTORY,
      ctx,
    ),
    StaffWire,
    "the staff list",
    deps.logger,
  );
  const matches = found.filter((s) => {
    const names = [s.first_name, s.last_name, s.preferred_name ?? ""].map((n) => n.toLowerCase());
    const titleOk = !title || normaliseTitle(refName(s.title)) === title;
    return titleOk && words.every((w) => names.includes(w.toLowerCase()));
  });
  if (matches.length === 1) return (matches[0] as (typeof matches)[number]).id;
  if (matches.length > 1) {
    const names = matches.map((s) => `${personName(s)} (id ${s.id})`).join(", ");
    throw new UserInputError(
      `${field} "${trimmed.slice(0, 60)}" matches several staff: ${names}. Use the id.`,
      field,
    );
  }
  const everyone = parseList(
    await deps.api.page(PATHS.staff, { [Q.filter("status")]: "current" }, 1, DIRECTORY, ctx),
    StaffWire,
    "the staff list",
    deps.logger,
  );
  const valid = everyone
    .map((s) => `${refName(s.title) ?? ""} ${s.last_name}`.trim())
    .sort()
    .join(", ");
  throw new UserInputError(
    `No current member of staff matches ${field} "${trimmed.slice(0, 60)}". Valid values: ${valid}.`,
    field,
  );
}

function normaliseTitle(title: string | undefined): string | undefined {
  return title?.toLowerCase().replace(/\.$/, "");
}

/** "Mr D. Patel" → title "mr", words ["D", "Patel"] (initials dropped: HUBmis searches whole names). */
function splitName(text: string): { title: string | undefined; words: string[] } {
  const match = TITLES.exec(text.trim());
  const title = match ? normaliseTitle(match[1]) : undefined;
  const rest = match ? text.trim().slice(match[0].length) : text.trim();
  const words = rest
    .split(/\s+/)
    .map((w) => w.replace(/\.$/, ""))
    .filter((w) => w.length > 1);
  return { title, words };
}

export function clampLimit(limit: number | undefined, fallback: number, max = 500): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1)
    throw new UserInputError("limit must be a positive whole number", "limit");
  return Math.min(limit, max);
}
