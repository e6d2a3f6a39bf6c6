import { z } from "zod";
import { defineTool } from "../src/server/define-tool.js";
import { describeError } from "../src/server/errors-to-result.js";
import { connectionArg } from "./shared/args.js";
import { renderList } from "./shared/render.js";

const output = z.object({
  checks: z.array(
    z.object({
      connection: z.string(),
      provider: z.string(),
      ok: z.boolean(),
      ms: z.number(),
      detail: z.string(),
      kind: z.string().optional(),
    }),
  ),
});

export const diagnoseConnection = defineTool({
  name: "diagnose_connection",
  title: "Diagnose connections",
  description:
    "Sign in to a connection (or every one) and make one cheap call, reporting what works and, when it fails, why (rejected credentials, missing scope, rate limit, provider down).",
  toolset: "core",
  scope: null,
  uses: [],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema: z.strictObject({ connection: connectionArg }),
  outputSchema: output,
  async handler({ connection }, context) {
    const targets = context
      .visibleConnections()
      .map((v) => v.connector)
      .filter((connector) => connection === undefined || connector.id === connection);
    if (connection !== undefined && targets.length === 0) context.select(connection);
    const checks = await Promise.all(
      targets.map(async (connector) => {
        const started = performance.now();
        try {
          const { detail } = await connector.check(context.callContext(connector));
          return {
            connection: connector.id,
            provider: connector.provider,
            ok: true,
            ms: Math.round(performance.now() - started),
            detail,
          };
        } catch (error) {
          const { kind, message } = describeError(error);
          return {
            connection: connector.id,
            provider: connector.provider,
            ok: false,
            ms: Math.round(performance.now() - started),
            detail: message,
            kind,
          };
        }
      }),
    );
    return { checks };
  },
  render: (out) =>
    renderList(
      `${out.checks.filter((c) => c.ok).length}/${out.checks.length} connection(s) healthy`,
      out.checks,
      (c) => `${c.connection} [${c.provider}]: ${c.ok ? "ok" : "FAILED"} in ${c.ms} ms: ${c.detail}`,
    ),
});
