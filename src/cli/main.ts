#!/usr/bin/env node
/**
 * The entry point. Only Node built-ins, the version check and the version reader are loaded statically, so
 * an old Node says what it needs instead of crashing inside undici; everything else is imported once the
 * check has passed, and then only what the command needs.
 */
import module from "node:module";
import { nodeVersionProblem } from "./node-version.js";
import { packageVersion } from "./version.js";

const problem = nodeVersionProblem(process.versions.node);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}

const argv = process.argv.slice(2);
// Scripts ask for the version often: it answers before the command line itself loads.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${packageVersion()}\n`);
  process.exit(0);
}

// Claude Desktop starts the server on every launch: compiled code cached on disk starts it faster.
// Best effort: an unwritable cache directory only costs the speed-up.
try {
  module.enableCompileCache?.();
} catch {}

const { run } = await import("./run.js");
process.exit(await run(argv));
