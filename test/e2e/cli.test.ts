import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ENTRY = "dist/bin/school-mcp.js";
const KEY = `ccapi_${"Z9y8X7w6".repeat(4)}`;

async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [ENTRY, ...args], {
      env: { ...process.env, ...env, SCHOOL_MCP_LOG_LEVEL: "warn" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function writeConfig(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "school-mcp-cli-"));
  const path = join(dir, "mcp.config.json");
  writeFileSync(path, JSON.stringify(content));
  return path;
}

// A connection that is never contacted: listing tools needs no upstream call.
const testConfig = {
  connections: {
    nursery: {
      provider: "centrecareos",
      apiKey: "${TEST_CCOS_KEY}",
      baseUrl: "http://127.0.0.1:9/api/v1",
      scopes: ["students:read", "attendance:read", "messages:read", "messages:write"],
    },
  },
};

describe("command line", () => {
  it("tools --json prints the exposed tools; --read-only drops send_message", async () => {
    const path = writeConfig(testConfig);
    const listed = await cli(["tools", "--config", path, "--json"], { TEST_CCOS_KEY: KEY });
    expect(listed.code).toBe(0);
    const names = (JSON.parse(listed.stdout) as { name: string; scope: string }[]).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(["list_students", "get_attendance", "send_message", "list_messages"]),
    );
    expect(names).not.toContain("list_invoices");

    const readOnly = await cli(["tools", "--config", path, "--json", "--read-only"], { TEST_CCOS_KEY: KEY });
    const readOnlyNames = (JSON.parse(readOnly.stdout) as { name: string }[]).map((t) => t.name);
    expect(readOnlyNames).toContain("list_messages");
    expect(readOnlyNames).not.toContain("send_message");

    const narrowed = await cli(
      ["tools", "--config", path, "--json", "--tools", "list_students,send_message"],
      {
        TEST_CCOS_KEY: KEY,
      },
    );
    expect((JSON.parse(narrowed.stdout) as { name: string }[]).map((t) => t.name)).toEqual([
      "list_connections",
      "list_students",
      "send_message",
      "diagnose_connection",
    ]);
  });

  it("exits 2 naming the key path for a malformed config, without printing the secret", async () => {
    const path = writeConfig({
      connections: { nursery: { provider: "centrecareos", apiKey: "ccapi_TOPSECRETbutshort" } },
    });
    const result = await cli(["tools", "--config", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("connections.nursery.apiKey");
    expect(result.stderr).not.toContain("TOPSECRET");
    const missing = await cli(["tools", "--config", "/nonexistent/mcp.config.json"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/config file not found/);
  });

  it("call --demo prints a tool's structured result as JSON on stdout", async () => {
    const result = await cli([
      "call",
      "list_students",
      "--demo",
      "--latency-ms",
      "0",
      "--args",
      '{"connection":"little-acorns"}',
    ]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { students: { id: string; connection: string }[] };
    expect(out.students.length).toBeGreaterThan(10);
    expect(out.students.every((s) => s.connection === "little-acorns")).toBe(true);

    const bad = await cli([
      "call",
      "get_student",
      "--demo",
      "--latency-ms",
      "0",
      "--args",
      '{"studentId":"../x"}',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/studentId/);
    const usage = await cli(["call", "no_such_tool", "--demo", "--latency-ms", "0"]);
    expect(usage.code).toBe(2);
  });
});
