/**
 * "Did you mean": the known name closest to a mistyped one. Case and separators are ignored first
 * (`readonly` is `readOnly`), then a name the input extends (`warning` is `warn`), then the edit distance,
 * transpositions counting once, which must stay small for the name's length so that a wild guess gets the
 * list of valid names instead of a misleading suggestion.
 */
export function nearest(input: string, candidates: readonly string[]): string | undefined {
  const folded = fold(input);
  const exact = candidates.find((candidate) => fold(candidate) === folded);
  if (exact !== undefined) return exact;
  // A longer spelling of a name: "warning" for warn. The longest such name is the most specific.
  const extended = candidates
    .filter((candidate) => fold(candidate).length >= 4 && folded.startsWith(fold(candidate)))
    .sort((a, b) => b.length - a.length)[0];
  if (extended !== undefined) return extended;
  const limit = Math.max(1, Math.min(3, Math.floor(folded.length / 3)));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(folded, fold(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)` or nothing: ready to append to a message. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const found = nearest(input, candidates);
  return found === undefined ? "" : ` (did you mean "${found}"?)`;
}

/** Separators do not count: `read_only`, `read-only` and `readOnly` are the same intent. */
function fold(text: string): string {
  return text.toLowerCase().replace(/[-_\s]/g, "");
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  // One flat row-major table: cell (i, j) at i * cols + j.
  const d = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}
