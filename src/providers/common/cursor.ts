/**
 * The one cursor codec: opaque base64url JSON. Each provider decides what its cursor holds and checks that a
 * cursor belongs to the question it is given with (a fingerprint, a list name), so a cursor from one
 * question never silently pages through another.
 */
import { hashCredential } from "../../upstream/index.js";

export function encodeCursor(state: Readonly<Record<string, unknown>>): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

/** The cursor's fields; undefined when it is not a cursor of ours at all. */
export function decodeCursor(cursor: string): Record<string, unknown> | undefined {
  try {
    const state: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    return state !== null && typeof state === "object" && !Array.isArray(state)
      ? (state as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A short fingerprint of a question's arguments, for a cursor to name the question it continues. */
export function fingerprint(parts: ReadonlyArray<string | number | boolean | undefined>): string {
  return hashCredential(...parts.map((p) => (p === undefined ? "" : String(p)))).slice(0, 12);
}

/** A whole number at least `min`: how cursor fields are checked. */
export function isCount(value: unknown, min: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min;
}
