import { z } from "zod";
import { capabilitiesOf } from "../src/domain/connector.js";
import { defineTool } from "../src/server/define-tool.js";
import { renderList } from "./shared/render.js";

const output = z.object({
  connections: z.array(
    z.object({
      connection: z.string(),
      provider: z.string(),
      label: z.string(),
      scopes: z.array(z.string()).describe("Scopes you may use on this connection"),
      capabilities: z.array(z.string()).describe("What its provider can answer"),
    }),
  ),
});

export const listConnections = defineTool({
  name: "list_connections",
  title: "List connections",
  description:
    "List the schools and nurseries this server is connected to: each connection's id, provider, the scopes you may use and what it can answer. Call this first when unsure which connection to use.",
  toolset: "core",
  scope: null,
  uses: [],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  inputSchema: z.strictObject({}),
  outputSchema: output,
  async handler(_input, context) {
    return {
      connections: context.visibleConnections().map(({ connector, scopes }) => ({
        connection: connector.id,
        provider: connector.provider,
        label: connector.label,
        scopes,
        capabilities: capabilitiesOf(connector),
      })),
    };
  },
  render: (out) =>
    renderList(
      `${out.connections.length} connection(s)`,
      out.connections,
      (c) => `${c.connection}: ${c.label} [${c.provider}] scopes ${c.scopes.join(", ")}`,
    ),
});
