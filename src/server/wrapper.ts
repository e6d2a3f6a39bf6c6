import type { CallToolResult } from "@modelcontextprotocol/server";
import type { z } from "zod";
import {
  type BoundOperations,
  bindOperation,
  type CallContext,
  type Capability,
  type Connector,
  type ReadReport,
} from "../domain/connector.js";
import type { Scope } from "../domain/scopes.js";
import {
  ForbiddenError,
  isSchoolMcpError,
  NotSupportedError,
  UserInputError,
  WriteOutcomeUnknownError,
} from "../errors.js";
import { localToday } from "../time/local.js";
import type { Caller } from "./caller.js";
import { type AnyTool, isWriteTool, type ToolContext } from "./define-tool.js";
import { type DisclosureEntry, disclosedStudents } from "./disclosure.js";
import { describeError, errorResult } from "./errors-to-result.js";
import { type Exclusion, exposure } from "./exposure.js";
import { parseArguments } from "./input.js";
import { InputRequiredSignal } from "./round-trip.js";
import type { ConnectionEntry, Runtime } from "./runtime.js";
import { cleanOutput, framedAsData } from "./sanitize.js";

export interface CallExtras {
  signal: AbortSignal;
  progress?: CallContext["progress"];
  elicit?: ToolContext["elicit"];
}

/**
 * Every tool call passes through here: exposure and read-only, scopes, input validation, the handler with
 * its connectors, output validation, error mapping and the audit line.
 */
export async function callTool(
  runtime: Runtime,
  caller: Caller,
  tool: AnyTool,
  rawArgs: unknown,
  extras: CallExtras,
): Promise<CallToolResult> {
  const started = performance.now();
  const audit = runtime.logger.child({ tool: tool.name, caller: caller.name });
  let connection: string | undefined;
  let input: Record<string, unknown> | undefined;
  const disclose = (outcome: string, students: string[], extra: Partial<DisclosureEntry> = {}) => {
    if (students.length === 0 && !isWriteTool(tool)) return;
    runtime.disclosures.record({
      at: new Date(runtime.clock.now()).toISOString(),
      caller: caller.name,
      tool: tool.name,
      ...(connection !== undefined ? { connection } : {}),
      outcome,
      write: isWriteTool(tool),
      students,
      ...extra,
    });
  };
  try {
    const exposed = exposure(runtime, caller, tool);
    refuseIfHidden(exposed.exclusion, caller, tool);
    input = parseArguments(tool.inputSchema, rawArgs);
    connection = typeof input?.connection === "string" ? input.connection : undefined;
    const context = buildContext(runtime, caller, tool, exposed.usable, extras);
    if (connection !== undefined) context.select(connection);
    const output = cleanOutput(await tool.handler(input, context));
    const checked = (tool.outputSchema as z.ZodType).safeParse(output);
    if (!checked.success) {
      audit.error("tool output failed validation", {
        connection,
        issues: checked.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.code}`),
      });
      throw new Error("output validation failed");
    }
    // An answer that names unreadable records is partial, and the audit says so.
    const outcome = (checked.data as { unreadable?: unknown[] }).unreadable?.length ? "partial" : "ok";
    audit.info("tool call", { connection, outcome, ms: Math.round(performance.now() - started) });
    disclose(outcome, disclosedStudents(checked.data), writtenRecords(input));
    return {
      // Tools without a scope read only our own config; everything else carries provider text.
      content: [
        {
          type: "text",
          text: tool.scope === null ? tool.render(checked.data) : framedAsData(tool.render(checked.data)),
        },
      ],
      structuredContent: checked.data as Record<string, unknown>,
    };
  } catch (error) {
    // Not a failure: the call asks the user first and is answered as `input_required` (round-trip.ts).
    if (error instanceof InputRequiredSignal) {
      audit.info("tool call", {
        connection,
        outcome: "input_required",
        ms: Math.round(performance.now() - started),
      });
      throw error;
    }
    const fields = {
      connection,
      outcome: describeError(error).kind,
      ms: Math.round(performance.now() - started),
    };
    // A write that failed is logged too: under a fault it may have happened, and the log must say so.
    if (
      input !== undefined &&
      isWriteTool(tool) &&
      (!isSchoolMcpError(error) || error.kind === "outcome_unknown")
    ) {
      disclose(fields.outcome, inputStudents(input), { ...writtenRecords(input), mayHaveHappened: true });
    }
    if (isSchoolMcpError(error)) audit.info("tool call", fields);
    // The client went away or cancelled: that is its choice, not a failure of ours.
    else if (extras.signal.aborted) audit.info("tool call", { ...fields, outcome: "cancelled" });
    else
      audit.error("tool call failed unexpectedly", {
        ...fields,
        error: error instanceof Error ? error.name : "unknown",
      });
    // An unexpected failure inside a write cannot promise that nothing changed.
    return errorResult(isWriteTool(tool) && !isSchoolMcpError(error) ? unexpectedInWrite(tool) : error);
  }
}

function refuseIfHidden(reason: Exclusion | undefined, caller: Caller, tool: AnyTool): void {
  if (reason === "read_only") {
    throw new ForbiddenError(
      `${tool.name} changes data and this server runs in read-only mode. Nothing was changed.`,
    );
  }
  if (reason === "filtered") throw new ForbiddenError(`${tool.name} is not enabled on this server.`);
  if (reason === "no_scope_or_connection") {
    throw new ForbiddenError(
      tool.scope && !caller.scopes.has(tool.scope)
        ? `your access does not include the scope ${tool.scope} that ${tool.name} needs.`
        : `no connection you may use grants ${tool.scope ?? "access"} and supports ${tool.name}.`,
    );
  }
}

/** Caller and connection are fixed for a token's life, so what both grant is worked out once per pair. */
const grants = new WeakMap<Caller, WeakMap<ConnectionEntry, ReadonlySet<Scope>>>();

/** The scopes a caller may use on a connection: those the caller holds and the connection grants. */
function grantedScopes(caller: Caller, entry: ConnectionEntry): ReadonlySet<Scope> {
  let byEntry = grants.get(caller);
  if (!byEntry) {
    byEntry = new WeakMap();
    grants.set(caller, byEntry);
  }
  let granted = byEntry.get(entry);
  if (!granted) {
    granted = new Set([...entry.scopes].filter((scope) => caller.scopes.has(scope)));
    byEntry.set(entry, granted);
  }
  return granted;
}

function buildContext(
  runtime: Runtime,
  caller: Caller,
  tool: AnyTool,
  usable: readonly ConnectionEntry[],
  extras: CallExtras,
): ToolContext<Capability, Capability> {
  const connectors = usable.map((entry) => entry.connector);
  const scopesFor = new Map<string, ReadonlySet<Scope>>(
    usable.map((entry) => [entry.connector.id, grantedScopes(caller, entry)]),
  );
  const deadline = Date.now() + runtime.deadlineMs;
  const callContext = (connector: Connector): CallContext => ({
    scopes: scopesFor.get(connector.id) ?? new Set(),
    signal: extras.signal,
    caller: caller.name,
    deadline,
    logger: runtime.logger.child({ connection: connector.id, tool: tool.name }),
    ...(extras.progress ? { progress: extras.progress } : {}),
  });
  const bind = (connector: Connector, report?: ReadReport, meter?: CallContext["meter"]) => {
    const call = { ...callContext(connector), ...(report ? { report } : {}), ...(meter ? { meter } : {}) };
    const names: Capability[] = [...tool.uses, ...(tool.mayUse ?? [])];
    const bound: Partial<Record<Capability, unknown>> = {};
    for (const name of names) {
      if (typeof connector[name] === "function") bound[name] = bindOperation(connector, name, call);
    }
    return bound as BoundOperations<Capability, Capability>;
  };
  // `usable` holds only connections that can answer this tool (exposure checked that).
  const select = (connection: string | undefined): Connector[] => {
    if (connection === undefined) return connectors;
    const chosen = connectors.find((connector) => connector.id === connection);
    if (chosen) return [chosen];
    const visible = [...runtime.connections.keys()].filter(
      (id) => caller.connections === undefined || caller.connections.has(id),
    );
    if (!visible.includes(connection)) {
      throw new UserInputError(
        `connection: unknown connection "${connection}". Use one of: ${visible.join(", ") || "(none)"}.`,
        "connection",
      );
    }
    const entry = runtime.connections.get(connection);
    if (entry && tool.scope !== null && entry.scopes.has(tool.scope)) {
      throw new NotSupportedError(
        `connection "${connection}" (${entry.connector.label}) cannot answer ${tool.name}: its provider does not offer this.`,
      );
    }
    throw new ForbiddenError(
      `connection "${connection}" does not grant ${tool.scope} or cannot answer ${tool.name}. Call list_connections to see what each connection can do.`,
    );
  };
  const visibleConnections = () =>
    [...runtime.connections.values()]
      .filter((entry) => caller.connections === undefined || caller.connections.has(entry.connector.id))
      .map((entry) => ({
        connector: entry.connector,
        scopes: [...entry.scopes].filter((scope) => caller.scopes.has(scope)),
      }));
  return {
    visibleConnections,
    callContext,
    select,
    bind,
    confirmations: runtime.confirmations,
    caller: caller.name,
    // Without a connection named, the connections asked share one zone today (all UK); UTC only with none.
    today: (connector) => localToday(runtime.clock, (connector ?? connectors[0])?.timeZone ?? "UTC"),
    ...(extras.elicit ? { elicit: extras.elicit } : {}),
  };
}

function unexpectedInWrite(tool: AnyTool): WriteOutcomeUnknownError {
  return new WriteOutcomeUnknownError(
    "school-mcp",
    `an internal error stopped ${tool.name} after it may have reached the provider`,
    "Check the record",
  );
}

function inputStudents(input: Record<string, unknown>): string[] {
  const id = input["studentId"];
  return typeof id === "string" ? [id] : [];
}

/** The records a write names besides children (a message thread). */
function writtenRecords(input: Record<string, unknown> | undefined): Partial<DisclosureEntry> {
  const thread = input?.["threadId"];
  return typeof thread === "string" ? { records: [`thread:${thread}`] } : {};
}
