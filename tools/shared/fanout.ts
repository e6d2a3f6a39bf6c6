import type { Page } from "../../src/domain/common.js";
import type { BoundOperations, Capability, Connector } from "../../src/domain/connector.js";
import { createReadReport } from "../../src/domain/read-report.js";
import { isSchoolMcpError, NotSupportedError, UserInputError } from "../../src/errors.js";
import type { ToolContext } from "../../src/server/define-tool.js";
import { describeError } from "../../src/server/errors-to-result.js";
import { clean, cursorNeedsConnection } from "./args.js";

type CountEntry = { connection: string; what: string; count: number };

export interface FanOutResult<T> {
  results: { connection: string; connector: Connector; value: T }[];
  errors?: { connection: string; kind: string; message: string; retryAfterSeconds?: number }[];
  notes?: { connection: string; message: string }[];
  /** What each connection could not read: the answer is partial. */
  unreadable?: CountEntry[];
}

/**
 * Asks the named connection, or every connection that can answer. One failing connection becomes an error
 * entry while the others still answer; "not supported here" is a plain note, not a failure. With a single
 * connection (named, or the only one) its error is the call's error.
 */
export async function fanOut<U extends Capability, M extends Capability, T>(
  context: ToolContext<U, M>,
  connection: string | undefined,
  ask: (operations: BoundOperations<U, M>, connector: Connector) => Promise<T>,
): Promise<FanOutResult<T>> {
  const connectors = context.select(connection);
  if (connectors.length === 0) {
    return {
      results: [],
      notes: [{ connection: "*", message: "No connection you may use can answer this." }],
    };
  }
  const reports = connectors.map(() => createReadReport());
  const settled = await Promise.allSettled(
    connectors.map((connector, index) => ask(context.bind(connector, reports[index]), connector)),
  );
  const out: FanOutResult<T> = { results: [] };
  const unreadable: CountEntry[] = [];
  const notes: NonNullable<FanOutResult<T>["notes"]> = [];
  reports.forEach((report, index) => {
    const connection = (connectors[index] as Connector).id;
    const tally = report.tally();
    for (const entry of tally.unreadable) unreadable.push({ connection, ...entry });
    // Left-out records are a plain statement: the provider sent more than was asked, and we kept to the question.
    for (const entry of tally.filteredOut) {
      notes.push({ connection, message: `${entry.count} ${entry.what} outside the question were left out.` });
    }
  });
  const errors: NonNullable<FanOutResult<T>["errors"]> = [];
  settled.forEach((outcome, index) => {
    const connector = connectors[index] as Connector;
    if (outcome.status === "fulfilled") {
      out.results.push({ connection: connector.id, connector, value: outcome.value });
      return;
    }
    const error = outcome.reason;
    if (isSchoolMcpError(error) && error.kind === "not_supported") {
      notes.push({ connection: connector.id, message: error.message });
      return;
    }
    if (connectors.length === 1) throw error;
    // A mapper bug must not pass as "unavailable": it is logged (tool and connection; never the records).
    if (!isSchoolMcpError(error)) {
      context.callContext(connector).logger.error("unexpected failure in one connection's answer", {
        error: error instanceof Error ? error.name : "unknown",
      });
    }
    const { kind, message, extra } = describeError(error);
    errors.push({
      connection: connector.id,
      kind,
      message,
      ...(typeof extra["retryAfterSeconds"] === "number"
        ? { retryAfterSeconds: extra["retryAfterSeconds"] }
        : {}),
    });
  });
  if (errors.length) out.errors = errors;
  if (notes.length) out.notes = notes;
  if (unreadable.length) out.unreadable = unreadable;
  return out;
}

/** Labels each record with its connection. */
export function labelled<T extends object>(
  connection: string,
  items: readonly T[],
): (T & { connection: string })[] {
  return items.map((item) => ({ ...item, connection }));
}

type PageEntry = { connection: string; returned: number; total?: number; nextCursor?: string };

/**
 * Merges paged answers: records labelled; each connection keeps its own count, total and cursor in
 * `pages`, so "174 students" never stands for "100 of 600 from one school". The top-level cursor is kept
 * when one connection answered.
 */
export function mergePages<T extends object>(
  result: FanOutResult<Page<T>>,
): { items: (T & { connection: string })[]; nextCursor?: string; pages?: PageEntry[] } & Extras {
  const single = result.results.length === 1 ? result.results[0] : undefined;
  const pages: PageEntry[] = result.results.map((r) => ({
    connection: r.connection,
    returned: r.value.items.length,
    ...(r.value.total !== undefined ? { total: r.value.total } : {}),
    ...(r.value.nextCursor ? { nextCursor: r.value.nextCursor } : {}),
  }));
  const partial = pages.some((p) => p.nextCursor || (p.total !== undefined && p.total > p.returned));
  return {
    items: result.results.flatMap((r) => labelled(r.connection, r.value.items)),
    ...(single?.value.nextCursor ? { nextCursor: single.value.nextCursor } : {}),
    ...(partial || pages.length > 1 ? { pages } : {}),
    ...extras(result),
  };
}

type Extras = Pick<FanOutResult<unknown>, "errors" | "notes" | "unreadable">;

export function extras<T>(result: FanOutResult<T>): Extras {
  return {
    ...(result.errors ? { errors: result.errors } : {}),
    ...(result.notes ? { notes: result.notes } : {}),
    ...(result.unreadable ? { unreadable: result.unreadable } : {}),
  };
}

/**
 * For tools about one record (a student, an invoice): the named connection, or the only one that can
 * answer. Several candidates and no name is a question back to the caller, not a guess.
 */
export function selectOne<U extends Capability, M extends Capability>(
  context: ToolContext<U, M>,
  connection: string | undefined,
  what: string,
): { connector: Connector; operations: BoundOperations<U, M> } {
  const candidates = context.select(connection);
  const [first, ...others] = candidates;
  if (!first) throw new NotSupportedError(`No connection you may use can ${what}.`);
  if (others.length > 0) {
    throw new UserInputError(
      `connection: several connections can ${what}; name one of ${candidates.map((c) => c.id).join(", ")}.`,
      "connection",
    );
  }
  return { connector: first, operations: context.bind(first) };
}

/**
 * The whole body of a paged list tool: a cursor needs its connection, the query goes to every connection
 * that can answer (without undefined keys), and the pages merge into one labelled list.
 */
export async function pagedFanOut<
  U extends Capability,
  M extends Capability,
  Q extends { connection?: string | undefined; cursor?: string | undefined },
  T extends object,
>(
  context: ToolContext<U, M>,
  args: Q,
  ask: (operations: BoundOperations<U, M>, query: Omit<Q, "connection">) => Promise<Page<T>>,
) {
  cursorNeedsConnection(args);
  const { connection, ...query } = args;
  const compact = clean(query);
  return mergePages(await fanOut(context, connection, (operations) => ask(operations, compact)));
}
