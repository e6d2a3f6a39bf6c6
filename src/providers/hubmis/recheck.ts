/**
 * The filters we send, applied again to what comes back (rule 1 of src/providers/common/trust.ts). Most of
 * HUBmis's filters are documented by name, but what they match is not, and a server may ignore one it does
 * not know: each check here passes a record only when what it carries agrees with the question, and
 * passes a record that does not carry the field at all (a documented filter is then trusted).
 */
import { isRecord, sameId } from "../common/trust.js";
import { normalise } from "./reference.js";
import type { Ref } from "./wire.js";

/** Every word of `search` appears somewhere in the record's text (the server may search fields we do not read). */
export function searchMatches(search: string | undefined, raw: unknown): boolean {
  if (!search) return true;
  const text = texts(raw, 3).join(" ").toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

function texts(value: unknown, depth: number): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (depth === 0) return [];
  if (Array.isArray(value)) return value.flatMap((v) => texts(v, depth - 1));
  if (isRecord(value)) return Object.values(value).flatMap((v) => texts(v, depth - 1));
  return [];
}

/**
 * Whether a reference on a record names the group asked for: by id when it has one, else by name or code.
 * `undefined` when the record says nothing about it.
 */
export function refIs(ref: Ref, id: string, names: readonly string[]): boolean | undefined {
  if (!ref) return undefined;
  if (ref.id !== undefined) return sameId(ref.id, id);
  const keys = new Set(names.map(normalise));
  const own = [ref.code, ref.name].filter((n): n is string => Boolean(n));
  if (own.length === 0) return undefined;
  return own.some((n) => keys.has(normalise(n)));
}

/** A check that passes when unknown: `undefined` (the record is silent) keeps the record. */
export function unlessContradicted(verdict: boolean | undefined): boolean {
  return verdict !== false;
}
