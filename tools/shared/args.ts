import { z } from "zod";
import { UserInputError } from "../../src/errors.js";

/** Argument schemas shared by every tool: the same name means the same thing everywhere. */

export const connectionArg = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "must be a connection id from list_connections")
  .optional()
  .describe("Connection id (see list_connections). Omit to ask every connection that can answer.");

/** Characters that could steer a path or a header: traversal, encoded slashes, control characters. */
const UNSAFE_ID = /(\.\.|[/\\%]|[\u0000-\u001f\u007f])/;

/** Ids are strings on the wire; a number sent where an id belongs is accepted as its string. */
export function idArg(what: string) {
  return z
    .union([z.string(), z.number().int().nonnegative()])
    .transform((value) => String(value).trim())
    .pipe(
      z
        .string()
        .min(1, "must not be empty")
        .max(100, "must be at most 100 characters")
        .refine(
          (value) => !UNSAFE_ID.test(value),
          "contains characters not allowed in an id ('..', '/', '\\\\', '%', control characters)",
        ),
    )
    .describe(what);
}

export const studentIdArg = idArg("Student id (from list_students)");
export const groupIdArg = idArg(
  "Group id or name: a room, form, house, tutor or year group, e.g. 'Robins', '9R', 'Year 9', 'Green House'",
);
export const staffIdArg = idArg("Staff id or name, e.g. 'Mr Patel'");

export const dateArg = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date as YYYY-MM-DD")
  .refine((value) => isRealDate(value), "is not a real calendar date")
  // A date outside this window is a typo (9999-12-31), and asking a provider for it would walk centuries.
  .refine(
    (value) => value >= "2000-01-01" && value <= "2100-12-31",
    "must be between 2000-01-01 and 2100-12-31",
  );

export const searchArg = z.string().min(1).max(100).optional().describe("Case-insensitive name search");

export const limitArg = z
  .number()
  .int()
  .min(1)
  .max(500)
  .optional()
  .describe("Maximum records to return (default 100)");

export const cursorArg = z
  .string()
  .max(2_000)
  .optional()
  .describe("Continue from a previous answer's nextCursor (pass the same connection)");

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Outputs of fan-out tools carry these beside their records. */
export const errorEntry = z.object({
  connection: z.string(),
  kind: z.string(),
  message: z.string(),
  retryAfterSeconds: z.number().optional(),
});

export const noteEntry = z.object({ connection: z.string(), message: z.string() });

const countEntry = z.object({ connection: z.string(), what: z.string(), count: z.number() });

export const fanOutFields = {
  errors: z.array(errorEntry).optional().describe("Connections that failed; the others still answered"),
  notes: z.array(noteEntry).optional().describe("Plain statements such as 'not available for this pupil'"),
  unreadable: z
    .array(countEntry)
    .optional()
    .describe("Records that could not be read: the answer is partial"),
};

/** Paged lists: each connection's own count, total and cursor, so a merged list never hides a cut. */
export const pageFields = {
  nextCursor: z.string().optional().describe("Pass back with the same connection for more"),
  pages: z
    .array(
      z.object({
        connection: z.string(),
        returned: z.number(),
        total: z.number().optional(),
        nextCursor: z.string().optional(),
      }),
    )
    .optional()
    .describe("Per connection: returned, total, cursor"),
};

/** Drops undefined keys so connectors see only what was asked. */
export function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined)) as T;
}

/** A cursor belongs to one connection's answer: continuing across every connection would mix them up. */
export function cursorNeedsConnection(args: {
  cursor?: string | undefined;
  connection?: string | undefined;
}): void {
  if (args.cursor !== undefined && args.connection === undefined) {
    throw new UserInputError("cursor: pass the connection the cursor came from as well.", "cursor");
  }
}
