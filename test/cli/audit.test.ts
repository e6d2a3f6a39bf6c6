import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "./run-cli.js";

/** The disclosure log answers "who saw this child's record" from a real demo call through the built CLI. */
const state = mkdtempSync(join(tmpdir(), "audit-cli-"));
afterAll(() => rmSync(state, { recursive: true, force: true }));

describe("school-mcp audit", () => {
  it("lists the calls that disclosed a child's record, by id, filtered by student and date", async () => {
    const env = { SCHOOL_MCP_STATE_DIR: state };
    const listed = await cli(
      ["call", "list_students", "--demo", "--args", '{"connection":"little-acorns","limit":3}'],
      env,
    );
    expect(listed.code, listed.stderr).toBe(0);
    const ids = (JSON.parse(listed.stdout) as { students: { id: string }[] }).students.map((s) => s.id);
    expect(ids).toHaveLength(3);

    const all = await cli(["audit", "--json"], env);
    expect(all.code, all.stderr).toBe(0);
    const entries = all.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { tool: string; students: string[] });
    expect(entries.map((e) => e.tool)).toEqual(["list_students"]);
    expect(entries[0]?.students).toEqual(ids);
    expect(all.stdout).not.toMatch(/firstName|displayName/);

    const one = await cli(["audit", "--student", ids[1] as string], env);
    expect(one.stdout).toMatch(/^1 disclosure\(s\)/);
    expect(one.stdout).toContain("list_students@little-acorns");
    expect((await cli(["audit", "--student", "nobody"], env)).stdout).toMatch(/^0 disclosure\(s\)/);
    expect((await cli(["audit", "--since", "2100-01-01"], env)).stdout).toMatch(/^0 disclosure\(s\)/);
    const bad = await cli(["audit", "--since", "last week"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since/);
  });
});
