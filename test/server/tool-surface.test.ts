import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeTool } from "../../src/server/create-server.js";
import { TOOLS } from "../../tools/registry.js";

const SNAPSHOT = "test/server/tools.snapshot.json";
/**
 * Measured: the full tools/list payload is about 16,850 tokens (characters / 4) for 23 tools: 13,200 before
 * daily_summary (about 600), the school calendar, progress reports, subject sets and activities, badges and
 * the wellbeing summary were added, 15,800 before departments and sections, staff details and the learning
 * support list; strict-client schemas (no open `{}`, no `type: [x, "null"]`) add about 200. The budget
 * leaves about 400 tokens of headroom.
 */
const TOOLS_LIST_TOKEN_BUDGET = 17_250;

describe("tool surface", () => {
  const described = TOOLS.map(describeTool);

  it("matches the committed snapshot of every tool's name, description and schemas (UPDATE_SNAPSHOTS=1 to accept)", () => {
    const current = `${JSON.stringify(described, null, 2)}\n`;
    if (process.env["UPDATE_SNAPSHOTS"]) writeFileSync(SNAPSHOT, current);
    expect(current).toBe(readFileSync(SNAPSHOT, "utf8"));
  });

  it(`keeps the whole tools/list payload under ${TOOLS_LIST_TOKEN_BUDGET} tokens`, () => {
    const tokens = Math.ceil(JSON.stringify({ tools: described }).length / 4);
    console.log(`tools/list: ${described.length} tools, about ${tokens} tokens`);
    expect(tokens).toBeLessThanOrEqual(TOOLS_LIST_TOKEN_BUDGET);
  });

  it("gives every tool a scope decision, all four annotations and an object output schema", () => {
    expect(TOOLS.length).toBeLessThanOrEqual(25);
    expect(new Set(TOOLS.map((t) => t.name)).size).toBe(TOOLS.length);
    for (const tool of described) {
      expect(Object.keys(tool.annotations ?? {})).toEqual(
        expect.arrayContaining(["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"]),
      );
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.name).toMatch(/^[a-z_]+$/);
    }
  });
});
