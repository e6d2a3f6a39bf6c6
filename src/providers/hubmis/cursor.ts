/**
 * Opaque cursors. Each carries a fingerprint of the question it belongs to, so a cursor from one question
 * cannot silently page through another.
 */
import { UserInputError } from "../../errors.js";
import { hashCredential } from "../../upstream/index.js";

export interface CursorState {
  /** Fingerprint of the query the cursor continues. */
  k: string;
  /** Upstream page number (lists) or students done (group attendance). */
  p: number;
  /** Offset within the page. */
  o: number;
  /** Records already returned before this cursor, so the last page can say how many there were in all. */
  n?: number;
}

export function fingerprint(parts: ReadonlyArray<string | number | boolean | undefined>): string {
  return hashCredential(...parts.map((p) => (p === undefined ? "" : String(p)))).slice(0, 12);
}

export function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

export function decodeCursor(cursor: string | undefined, key: string): CursorState | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  let state: unknown;
  try {
    state = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new UserInputError("cursor is not one this connection issued", "cursor");
  }
  const s = state as Partial<CursorState> | null;
  if (!s || typeof s !== "object" || !Number.isInteger(s.p) || !Number.isInteger(s.o) || (s.p ?? -1) < 0) {
    throw new UserInputError("cursor is not one this connection issued", "cursor");
  }
  if (s.k !== key) {
    throw new UserInputError(
      "cursor belongs to a different question; repeat the same arguments with it",
      "cursor",
    );
  }
  const n = Number.isInteger(s.n) && (s.n as number) >= 0 ? { n: s.n as number } : {};
  return { k: key, p: s.p as number, o: Math.max(0, s.o as number), ...n };
}
