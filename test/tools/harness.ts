import type { CallToolResult } from "@modelcontextprotocol/client";
import { expect, it } from "vitest";
import type { z } from "zod";
import { SCOPES, type Scope } from "../../src/domain/scopes.js";
import type { Caller } from "../../src/server/caller.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import type { Runtime } from "../../src/server/runtime.js";
import type { Clock } from "../../src/time/clock.js";
import { TOOLS } from "../../tools/registry.js";
import { rateLimited, testRuntime } from "../helpers/test-connector.js";
import { connectorWithRecords } from "../helpers/test-records.js";

/** One tool call through a real in-memory MCP client; the structured result, its text, and the raw result. */
export async function callThrough(
  runtime: Runtime,
  name: string,
  args: Record<string, unknown>,
  caller?: Caller,
): Promise<{ result: CallToolResult; text: string; structured: Record<string, unknown> }> {
  const connected = await connectInMemory(runtime, caller);
  try {
    const result = (await connected.client.callTool({ name, arguments: args })) as CallToolResult;
    const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
    return { result, text, structured: (result.structuredContent ?? {}) as Record<string, unknown> };
  } finally {
    await connected.close();
  }
}

/** Every scope but sensitive:read, the way the demo grants them. */
export const PLAIN_SCOPES: Scope[] = SCOPES.filter((scope) => scope !== "sensitive:read");

/**
 * Connections answered from the fixed records, each granting `scopes` (default: all but sensitive:read), on
 * the machine's clock unless one is given.
 */
export function recordsRuntime(
  ids: string[] = ["a"],
  scopes: readonly string[] = PLAIN_SCOPES,
  clock?: Clock,
) {
  const connectors = ids.map((id) => connectorWithRecords(id));
  const runtime = testRuntime(
    connectors.map((connector) => ({ connector, scopes: [...scopes] })),
    {},
    clock,
  );
  return { connectors, runtime };
}

/** Calls a tool over fresh record connections and closes the runtime afterwards. */
export async function callRecords(
  name: string,
  args: Record<string, unknown>,
  options: {
    ids?: string[];
    scopes?: readonly string[];
    caller?: Caller;
    clock?: Clock;
    setup?: (r: ReturnType<typeof recordsRuntime>) => void;
  } = {},
) {
  const built = recordsRuntime(options.ids, options.scopes, options.clock);
  options.setup?.(built);
  try {
    return {
      ...(await callThrough(built.runtime, name, args, options.caller)),
      connectors: built.connectors,
    };
  } finally {
    await built.runtime.close();
  }
}

export function toolNamed(name: string) {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
}

/** The structured content is exactly what the tool's output schema describes: nothing missing, nothing extra. */
export function expectOutputMatches(name: string, structured: Record<string, unknown>): void {
  const parsed = (toolNamed(name).outputSchema as z.ZodType).safeParse(structured);
  expect(parsed.success, parsed.success ? "" : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
  // Zod objects drop unknown keys when parsing: equality shows nothing came back undeclared.
  expect(parsed.data).toEqual(structured);
}

/** An error a model can act on: flagged, worded, no stack frames or file paths. */
export function expectCleanError(result: CallToolResult, text: string, pattern: RegExp): void {
  expect(result.isError).toBe(true);
  expect(text).toMatch(pattern);
  expect(text).not.toMatch(/\n\s+at |file:\/\/|node_modules|\.ts:\d+/);
}

/**
 * The checks every tool with a scope shares: refused when the connection or the caller lacks the scope, and
 * bad arguments refused with the field named before any connector is asked.
 */
export function sharedChecks(
  name: string,
  valid: Record<string, unknown>,
  bad: Record<string, unknown>,
  badField: RegExp,
) {
  const scope = toolNamed(name).scope;
  if (scope !== null) {
    it(`refuses without ${scope} on the connection, asking nothing`, async () => {
      const { result, text, connectors } = await callRecords(name, valid, {
        scopes: PLAIN_SCOPES.filter((s) => s !== scope),
      });
      expectCleanError(result, text, new RegExp(`grants ${scope}`));
      expect(connectors[0]?.calls).toEqual([]);
    });

    it(`refuses a caller whose access lacks ${scope}`, async () => {
      const caller: Caller = { name: "t", scopes: new Set(SCOPES.filter((s) => s !== scope)) };
      const { result, text, connectors } = await callRecords(name, valid, { caller });
      expectCleanError(result, text, new RegExp(`does not include the scope ${scope}`));
      expect(connectors[0]?.calls).toEqual([]);
    });
  }

  it.skipIf(Object.keys(bad).length === 0)(
    "refuses bad arguments with the field named, asking nothing",
    async () => {
      const { result, text, connectors } = await callRecords(name, { ...valid, ...bad });
      expectCleanError(result, text, /^Invalid|Invalid arguments/);
      expect(text).toMatch(badField);
      expect(connectors[0]?.calls.filter((c) => c.method !== "check")).toEqual([]);
    },
  );

  it("refuses an unknown argument by name", async () => {
    const { result, text } = await callRecords(name, { ...valid, colour: "blue" });
    expectCleanError(result, text, /unknown argument\(s\) colour/);
  });
}

/**
 * For a tool that asks every connection: both answer and each record names its connection; when one is
 * rate limited the other still answers and the text says which one failed.
 */
export function fanOutChecks(name: string, args: Record<string, unknown>, listKey: string) {
  it("asks both connections and labels each record", async () => {
    const { structured, text } = await callRecords(name, args, { ids: ["north", "south"] });
    expectOutputMatches(name, structured);
    const items = structured[listKey] as { connection?: string }[];
    expect(new Set(items.map((i) => i.connection))).toEqual(new Set(["north", "south"]));
    expect(text).not.toMatch(/Error \(/);
  });

  it("says which connection could not answer while the other still does", async () => {
    const { structured, text } = await callRecords(name, args, {
      ids: ["north", "south"],
      setup: ({ connectors }) => {
        const south = connectors[1];
        if (south) south.failWith = rateLimited();
      },
    });
    expectOutputMatches(name, structured);
    const items = structured[listKey] as { connection?: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.connection === "north")).toBe(true);
    expect(structured["errors"]).toEqual([
      expect.objectContaining({ connection: "south", kind: "rate_limited" }),
    ]);
    expect(text).toMatch(/Error \(south\): .*rate/i);
  });
}
