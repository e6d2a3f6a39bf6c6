/** Compact text for the model: a headline, then one line per record, capped; structuredContent has it all. */
const MAX_LINES = 60;

export function renderList<T>(
  headline: string,
  items: readonly T[],
  line: (item: T) => string,
  tail: {
    errors?: { connection: string; message: string }[];
    notes?: { connection: string; message: string }[];
  } = {},
): string {
  const lines = [headline];
  for (const item of items.slice(0, MAX_LINES)) lines.push(`- ${line(item)}`);
  if (items.length > MAX_LINES) lines.push(`… and ${items.length - MAX_LINES} more (see structured content)`);
  for (const note of tail.notes ?? []) lines.push(`Note (${note.connection}): ${note.message}`);
  for (const error of tail.errors ?? []) lines.push(`Error (${error.connection}): ${error.message}`);
  return lines.join("\n");
}

export function joinParts(...parts: (string | number | undefined | null | false)[]): string {
  return parts
    .filter((part) => part !== undefined && part !== null && part !== false && part !== "")
    .join(" · ");
}
