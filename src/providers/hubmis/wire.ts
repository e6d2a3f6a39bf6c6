/**
 * The shared parts of what we read from HUBmis JSON (flags, references, people, codes, lists), and nothing
 * more: unknown fields are dropped here and in the wire-*.ts files. The reference shows samples for a few
 * records (a student, a staff member, a form, a house, a room) and none for most of what we read
 * (registers, lessons, wellbeing records, academic years, terms, codes), so each record type declares once,
 * in the wire-*.ts file of its records, the other names and forms its open fields may take (rule 2 of
 * src/providers/common/trust.ts): the reference's own conventions first (`date_start`/`date_end`,
 * `date_from`/`date_to`, `time_from`/`time_to`, `date_time`), then the common alternatives; ids as numbers
 * or strings; a reference as an object, a bare name or a bare id; flags as booleans, 1/0 or words. A value
 * none of them holds is absent. Reading a list never skips a record quietly: callers read items with
 * `readEach`, which counts what could not be read.
 */
import { z } from "zod";
import { InvalidResponseError } from "../../errors.js";
import { firstOf, isRecord, withAliases } from "../common/trust.js";
import { Id, Text } from "../common/wire.js";
import { PROVIDER } from "./endpoints.js";

export const Count = z
  .union([z.number(), z.string().regex(/^\d+$/)])
  .transform(Number)
  .nullish()
  .catch(undefined);

/** true/false, 1/0, "true"/"yes"/"1": a flag in any of its spellings; anything else is absent. */
export const Flag = z
  .unknown()
  .transform((v) => {
    if (typeof v === "boolean") return v;
    if (v === 1 || v === "1" || v === "true" || v === "yes") return true;
    if (v === 0 || v === "0" || v === "false" || v === "no") return false;
    return undefined;
  })
  .optional();

/** Optional text that tolerates a wrong type as absent rather than failing the record. */
export const Words = Text.catch(undefined);

const RefObject = withAliases(
  { name: ["title", "label", "display_name"], code: ["room_code", "short_code", "abbreviation"] },
  z.object({ id: Id.optional().catch(undefined), name: Words, code: Words }),
);

/** A reference: `{id, name, code}`, a bare name ("Mathematics"), or a bare id (211 or "211" for form_id). */
export const Ref = z
  .union([
    z.number().transform((id) => ({ id: String(id), name: undefined, code: undefined })),
    z.string().transform((value) => ({ id: undefined, name: value, code: undefined })),
    RefObject,
  ])
  .nullish()
  .catch(undefined);
export type Ref = z.infer<typeof Ref>;

/** A reference given by id: a number or a string of digits in an `..._id` field. */
export const IdRef = z
  .union([
    Id.refine((id) => /^\d+$/.test(id)).transform((id) => ({ id, name: undefined, code: undefined })),
    Ref,
  ])
  .nullish()
  .catch(undefined);

/** A name out of a reference: its name, else its code. */
export function refName(ref: Ref): string | undefined {
  return ref?.name ?? ref?.code ?? undefined;
}

const PersonObject = withAliases(
  {
    first_name: ["forename", "given_name", "firstname"],
    last_name: ["surname", "family_name", "lastname"],
    name: ["full_name", "display_name"],
  },
  z.object({
    id: Id.optional().catch(undefined),
    title: Ref,
    first_name: Words,
    last_name: Words,
    name: Words,
  }),
);

/** A person: `{id, title, first_name, last_name}`, a full `name`, a bare name, or a bare id. */
export const PersonRef = z
  .union([
    z.number().transform((id) => ({ id: String(id) }) as PersonObjectType),
    z.string().transform((name) => ({ name }) as PersonObjectType),
    PersonObject,
  ])
  .nullable();
type PersonObjectType = z.infer<typeof PersonObject>;
export type PersonRef = z.infer<typeof PersonRef>;

/** A list of people, or one person where a list was expected. */
export const People = z
  .union([z.array(PersonRef.catch(null)), PersonRef.transform((p) => (p ? [p] : []))])
  .nullish()
  .catch(undefined);

export const RefList = z
  .union([z.array(Ref), Ref.transform((r) => (r ? [r] : []))])
  .nullish()
  .catch(undefined);

/** Words such as "Authorised absence", "AUTHORISED_ABSENCE" or `{code, name}` as one snake_case code. */
export function codeWord(value: unknown): string | undefined {
  const raw = isRecord(value) ? firstOf(value, ["code", "name", "value"]) : value;
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  return raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

export const Word = z.unknown().transform(codeWord).optional();

const LIST_KEYS = ["data", "calendar", "items", "results"] as const;

/**
 * The raw items of a list answer: a bare array, or an object holding one under `data` (also
 * `data.calendar`), `calendar`, `items` or `results`. Anything else is an InvalidResponseError naming what
 * we were reading, never what the body said.
 */
export function listItems(data: unknown, what: string): unknown[] {
  const items = findList(data, 2);
  if (!items) throw new InvalidResponseError(PROVIDER, `${what} was not a list`);
  return items;
}

function findList(data: unknown, depth: number): unknown[] | undefined {
  if (Array.isArray(data)) return data;
  if (!isRecord(data) || depth === 0) return undefined;
  for (const key of LIST_KEYS) {
    const found = findList(data[key], depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** Paging facts an answer may volunteer in a `meta` object (the reference promises none). */
export function listMeta(data: unknown): { total?: number; pageSize?: number } {
  const meta = isRecord(data) ? data["meta"] : undefined;
  if (!isRecord(meta)) return {};
  const number = (names: string[]) => {
    const value = firstOf(meta, names);
    const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const total = number(["total", "pagination.total", "page.total", "total_count"]);
  const pageSize = number(["per_page", "pagination.per_page", "page.size", "page_size"]);
  return { ...(total === undefined ? {} : { total }), ...(pageSize ? { pageSize } : {}) };
}

/** A single-record answer: a bare object, `{data: {...}}`, or a one-element list (pastoral events). */
export function parseOne<S extends z.ZodType>(data: unknown, schema: S, what: string): z.infer<S> {
  let value = data;
  if (Array.isArray(value) && value.length === 1) value = value[0];
  if (isRecord(value) && isRecord(value["data"])) value = value["data"];
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidResponseError(PROVIDER, `${what} had an unexpected shape`);
  return parsed.data;
}
