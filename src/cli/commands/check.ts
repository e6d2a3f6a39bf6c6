import type { Logger } from "../../log.js";
import { LOCAL_CALLER } from "../../server/caller.js";
import { describeError } from "../../server/errors-to-result.js";
import type { Flags } from "../options.js";
import { type LoadTools, open } from "../setup.js";

/** Validates the config, signs in to every connection and makes one cheap call each; prints a table. */
export async function check(flags: Flags, logger: Logger, loadTools: LoadTools): Promise<number> {
  const opened = await open(flags, logger, { demo: flags.demo === true, loadTools });
  try {
    const rows = await Promise.all(
      [...opened.runtime.connections.entries()].map(async ([id, entry]) => {
        const started = Date.now();
        try {
          const { detail } = await entry.connector.check({
            scopes: entry.scopes,
            caller: LOCAL_CALLER.name,
            logger: logger.child({ connection: id }),
          });
          return { id, provider: entry.connector.provider, ok: true, ms: Date.now() - started, detail };
        } catch (error) {
          return {
            id,
            provider: entry.connector.provider,
            ok: false,
            ms: Date.now() - started,
            detail: describeError(error).message,
          };
        }
      }),
    );
    const width = Math.max(10, ...rows.map((r) => r.id.length));
    process.stdout.write(`${"connection".padEnd(width)}  provider      status  ms     detail\n`);
    for (const r of rows) {
      process.stdout.write(
        `${r.id.padEnd(width)}  ${r.provider.padEnd(12)}  ${(r.ok ? "ok" : "FAIL").padEnd(6)}  ${String(r.ms).padEnd(5)}  ${r.detail}\n`,
      );
    }
    return rows.every((r) => r.ok) ? 0 : 1;
  } finally {
    await opened.close();
  }
}
