/** HUBmis cursors: the question's fingerprint, an upstream page (or pupils done) and an offset in it. */
import { UserInputError } from "../../errors.js";
import { decodeCursor as decodeState, encodeCursor as encodeState, isCount } from "../common/cursor.js";

export { fingerprint } from "../common/cursor.js";

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

export function encodeCursor(state: CursorState): string {
  return encodeState({ ...state });
}

export function decodeCursor(cursor: string | undefined, key: string): CursorState | undefined {
  if (cursor === undefined || cursor === "") return undefined;
  const s = decodeState(cursor);
  if (!s || !isCount(s["p"], 0) || !Number.isInteger(s["o"])) {
    throw new UserInputError("cursor is not one this connection issued", "cursor");
  }
  if (s["k"] !== key) {
    throw new UserInputError(
      "cursor belongs to a different question; repeat the same arguments with it",
      "cursor",
    );
  }
  const n = isCount(s["n"], 0) ? { n: s["n"] } : {};
  return { k: key, p: s["p"], o: Math.max(0, s["o"] as number), ...n };
}
