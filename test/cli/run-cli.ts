/** Runs the built command line as a person would, and writes throwaway config files. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll } from "vitest";
import { ENVIRONMENT } from "../../src/cli/usage.js";

const run = promisify(execFile);
export const ENTRY = "dist/bin/school-mcp.js";
export const KEY = `ccapi_${"Z9y8X7w6".repeat(4)}`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The variables a developer's shell may hold that would change what the command does: every documented one
 * but the state directory, which the test run points at its own scratch directory (vitest.config.ts).
 */
const OURS = ENVIRONMENT.map((entry) => entry.name).filter((name) => name !== "SCHOOL_MCP_STATE_DIR");

export async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { nodeArgs?: string[]; node?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const base = { ...process.env };
  for (const name of OURS) delete base[name];
  try {
    const { stdout, stderr } = await run(
      options.node ?? process.execPath,
      [...(options.nodeArgs ?? []), ENTRY, ...args],
      { env: { ...base, SCHOOL_MCP_LOG_LEVEL: "warn", ...env }, timeout: options.timeoutMs ?? 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const made: string[] = [];
// Imported while a test file is collected, so this hook belongs to that file.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed when the test file is done. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "school-mcp-cli-"));
  made.push(dir);
  return dir;
}

export function writeConfig(content: unknown, name = "mcp.config.json"): string {
  const path = join(tempDir(), name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

/** One CentreCareOS connection that is never contacted: listing tools needs no upstream call. */
export const NURSERY = {
  connections: {
    nursery: {
      provider: "centrecareos",
      apiKey: "${TEST_CCOS_KEY}",
      baseUrl: "http://127.0.0.1:9/api/v1",
      scopes: ["students:read", "attendance:read", "attendance:write", "messages:read", "messages:write"],
    },
  },
};

export function toolNames(result: CliResult): string[] {
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { name: string }[]).map((tool) => tool.name);
}
