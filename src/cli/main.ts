#!/usr/bin/env node
/**
 * The entry point. Only Node built-ins and the import-free version check are loaded statically, so an old
 * Node says what it needs instead of crashing inside undici; everything else is imported once the check has
 * passed, and then only what the command needs.
 */
import module from "node:module";
import { nodeVersionProblem } from "./node-version.js";

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}

// Claude Desktop starts the server on every launch: compiled code cached on disk starts it faster.
// Best effort: an unwritable cache directory only costs the speed-up.
try {
  module.enableCompileCache?.();
} catch {}

const { run } = await import("./run.js");
process.exit(await run(process.argv.slice(2)));
