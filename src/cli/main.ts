#!/usr/bin/env node
import { isSchoolMcpError } from "../errors.js";
import { createLogger } from "../log.js";
import { call } from "./commands/call.js";
import { check } from "./commands/check.js";
import { sandbox } from "./commands/sandbox.js";
import { serve } from "./commands/serve.js";
import { tools } from "./commands/tools.js";
import { parseFlags, USAGE } from "./options.js";

/** Exit codes: 0 ok, 1 a tool or check failed, 2 usage or configuration error. */
async function main(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parseFlags(argv);
  const [command, ...rest] = positionals;
  const logger = createLogger();
  if (flags.help || !command) {
    process.stderr.write(`${USAGE}\n`);
    return command || flags.help ? 0 : 2;
  }
  switch (command) {
    case "serve":
      return serve(flags, logger, false);
    case "demo":
      return serve(flags, logger, true);
    case "call":
      return call(rest[0], flags, logger);
    case "tools":
      return tools(flags, logger);
    case "check":
      return check(flags, logger);
    case "sandbox":
      return sandbox(flags);
    default:
      process.stderr.write(`unknown command "${command}"\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isSchoolMcpError(error) && (error.kind === "configuration" || error.kind === "user_input")) {
      process.stderr.write(`school-mcp: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `school-mcp: ${isSchoolMcpError(error) ? error.message : "unexpected failure; run with SCHOOL_MCP_LOG_LEVEL=debug for details"}\n`,
    );
    process.exit(1);
  },
);
