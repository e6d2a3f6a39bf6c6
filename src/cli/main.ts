/**
 * The command line, started by the entry point (bin/school-mcp.ts) with the tool catalogue's loader. Only
 * Node built-ins, the version check and the version reader are loaded statically, so an old Node says what it
 * needs instead of crashing inside undici; everything else is imported once the check has passed, and then
 * only what the command needs.
 */
import module from "node:module";
import { nodeVersionProblem } from "./node-version.js";
import type { LoadTools } from "./setup.js";
import { packageVersion } from "./version.js";

export async function main(argv: string[], loadTools: LoadTools): Promise<number> {
  const problem = nodeVersionProblem(process.versions.node);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n`);
    return 2;
  }
  // Scripts ask for the version often: it answers before the command line itself loads.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  // Claude Desktop starts the server on every launch: compiled code cached on disk starts it faster.
  // Best effort: an unwritable cache directory only costs the speed-up.
  try {
    module.enableCompileCache?.();
  } catch {}
  const { run } = await import("./run.js");
  return run(argv, loadTools);
}
