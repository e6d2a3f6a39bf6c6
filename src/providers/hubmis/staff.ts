/** Staff: the paged list, and names such as "Mr Patel" resolved to a staff id. */
import type { CallContext, Page, StaffMember } from "../../domain/index.js";
import { UserInputError } from "../../errors.js";
import { readEach } from "../common/trust.js";
import type { Query } from "./api.js";
import { fingerprint } from "./cursor.js";
import { PATHS, PROVIDER, Q } from "./endpoints.js";
import { personName } from "./map.js";
import { mapStaff } from "./map-people.js";
import { listPage, type PageDeps, readAll } from "./paging.js";
import { searchMatches } from "./recheck.js";
import { refName } from "./wire.js";
import { StaffWire } from "./wire-people.js";

const TITLES = /^(mr|mrs|ms|miss|mx|dr|prof|sir|dame)\.?\s+/i;
const WHAT = "staff records";

/**
 * Current staff only. The reference types the list's `filter[status]` as a status id while its text speaks
 * of 'current' and 'past', so a server may ignore our word: a record that says it is not current is left out.
 */
function isCurrent(w: StaffWire): boolean {
  return w.status === undefined || w.status === "current";
}

function readStaff(raw: unknown): StaffWire | undefined {
  const parsed = StaffWire.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export async function listStaff(
  deps: PageDeps,
  q: { search?: string; limit?: number; cursor?: string },
  ctx: CallContext,
): Promise<Page<StaffMember>> {
  const { title, words } = splitName(q.search ?? "");
  const query: Query = { [Q.filter("status")]: "current" };
  const search = words.join(" ");
  if (words.length > 0) query[Q.search] = search;
  const key = fingerprint(["staff", query[Q.search] as string | undefined, title]);
  const page = await listPage(
    deps,
    {
      path: PATHS.staff,
      query,
      what: WHAT,
      limit: clampLimit(q.limit, 100),
      cursor: q.cursor,
      key,
      read: readStaff,
      keep: (w, raw) =>
        isCurrent(w) && (!title || normaliseTitle(refName(w.title)) === title) && searchMatches(search, raw),
    },
    ctx,
  );
  return { ...page, items: page.items.map((w) => mapStaff(w, deps.connection)) };
}

/** Every current member of staff a query finds, read to the list's end. */
async function allStaff(deps: PageDeps, query: Query, ctx: CallContext): Promise<StaffWire[]> {
  const { raws } = await readAll(deps, PATHS.staff, query, { what: WHAT }, ctx);
  return readEach(raws, readStaff, WHAT, ctx, PROVIDER).filter(isCurrent);
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
  const found = await allStaff(deps, { [Q.filter("status")]: "current", [Q.search]: surname }, ctx);
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
  const everyone = await allStaff(deps, { [Q.filter("status")]: "current" }, ctx);
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
