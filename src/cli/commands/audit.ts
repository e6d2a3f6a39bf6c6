import { existsSync } from "node:fs";
import { loadConfigFile, resolveConfigPath } from "../../config/load.js";
import { Config } from "../../config/schema.js";
import { UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import { type DisclosureFilter, openDisclosureLog } from "../../server/disclosure.js";
import type { Flags } from "../options.js";

/**
 * `school-mcp audit`: answers "who saw this child's record this week" from the disclosure log the config
 * names (its file, or the shared Redis stream). Without a config file it reads the default file.
 */
export async function audit(flags: Flags, logger: Logger): Promise<number> {
  const path = resolveConfigPath(flags.config);
  const config =
    flags.config !== undefined || existsSync(path) ? loadConfigFile(path) : Config.parse({ connections: {} });
  const filter: DisclosureFilter = {
    ...(flags.student !== undefined ? { student: flags.student } : {}),
    ...(flags.caller !== undefined ? { caller: flags.caller } : {}),
    ...(flags.since !== undefined ? { since: since(flags.since) } : {}),
  };
  const log = await openDisclosureLog(config, logger);
  try {
    const entries = await log.read(filter);
    if (flags.json) {
      for (const entry of entries) process.stdout.write(`${JSON.stringify(entry)}\n`);
      return 0;
    }
    process.stdout.write(`${entries.length} disclosure(s)\n`);
    for (const e of entries) {
      const children = e.students.length ? `students ${e.students.join(", ")}` : "no student ids";
      const flag = e.mayHaveHappened ? " (may have happened)" : "";
      process.stdout.write(
        `${e.at}  ${e.caller}  ${e.tool}${e.connection ? `@${e.connection}` : ""}  ${e.outcome}${flag}  ${children}\n`,
      );
    }
    return 0;
  } finally {
    await log.close();
  }
}

function since(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new UserInputError(`--since: "${value}" is not a date (YYYY-MM-DD) or an ISO date-time`);
  }
  return value;
}
