import type { Logger } from "../../log.js";
import { connectInMemory } from "../../server/in-memory.js";
import type { Flags } from "../options.js";
import { type LoadTools, open } from "../setup.js";

/** The tools this configuration exposes to a local caller, with the scope each needs. */
export async function tools(flags: Flags, logger: Logger, loadTools: LoadTools): Promise<number> {
  const opened = await open(flags, logger, { demo: flags.demo === true, loadTools });
  const { client, close } = await connectInMemory(opened.runtime);
  try {
    const listed = (await client.listTools()).tools;
    const rows = listed.map((tool) => ({
      name: tool.name,
      title: tool.title ?? tool.name,
      scope: (tool._meta?.["school-mcp/scope"] as string | null) ?? null,
      readOnly: tool.annotations?.readOnlyHint === true,
    }));
    if (flags.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const width = Math.max(...rows.map((r) => r.name.length), 4);
      for (const row of rows) {
        process.stdout.write(
          `${row.name.padEnd(width)}  ${(row.scope ?? "-").padEnd(16)}  ${row.readOnly ? "read" : "WRITE"}  ${row.title}\n`,
        );
      }
    }
    return 0;
  } finally {
    await close();
    await opened.close();
  }
}
