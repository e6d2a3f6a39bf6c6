/**
 * The text the model reads. Many clients show the model only the text content, so it carries every record
 * the structured content carries (no cap), and says in words what is partial: records a provider sent that
 * could not be read, and per connection what more there is; records left out as outside the question come
 * as notes.
 */
type CountEntry = { connection: string; what: string; count: number };

export interface RenderTail {
  errors?: { connection: string; message: string }[];
  notes?: { connection: string; message: string }[];
  unreadable?: CountEntry[];
  pages?: { connection: string; returned: number; total?: number; nextCursor?: string }[];
}

export function renderList<T>(
  headline: string,
  items: readonly T[],
  line: (item: T) => string,
  tail: RenderTail = {},
): string {
  const lines = [headline];
  for (const item of items) lines.push(`- ${line(item)}`);
  lines.push(...renderTail(tail));
  return lines.join("\n");
}

/** The lines that say what an answer lacks; empty when it is whole. */
export function renderTail(tail: RenderTail): string[] {
  const lines: string[] = [];
  for (const page of tail.pages ?? []) {
    const of = page.total !== undefined ? ` of ${page.total}` : "";
    if (page.nextCursor) {
      lines.push(
        `More (${page.connection}): ${page.returned}${of} shown; call again with connection "${page.connection}" and cursor "${page.nextCursor}" for the rest.`,
      );
    } else if (page.total !== undefined && page.total > page.returned) {
      lines.push(`Incomplete (${page.connection}): ${page.returned}${of} shown.`);
    }
  }
  for (const entry of tail.unreadable ?? []) {
    lines.push(
      `Unreadable (${entry.connection}): ${entry.count} ${entry.what} could not be read, so this answer is partial; do not read it as complete.`,
    );
  }
  for (const note of tail.notes ?? []) lines.push(`Note (${note.connection}): ${note.message}`);
  for (const error of tail.errors ?? []) lines.push(`Error (${error.connection}): ${error.message}`);
  return lines;
}

/** Whose record a line is: a parent's view of two children must say which child each line is for. */
export function whose(record: {
  studentName?: string | undefined;
  studentId?: string | undefined;
}): string | undefined {
  return record.studentName ?? (record.studentId !== undefined ? `student ${record.studentId}` : undefined);
}

export function joinParts(...parts: (string | number | undefined | null | false)[]): string {
  return parts
    .filter((part) => part !== undefined && part !== null && part !== false && part !== "")
    .join(" · ");
}
