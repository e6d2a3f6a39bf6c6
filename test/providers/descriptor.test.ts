import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configJsonSchema } from "../../src/config/json-schema.js";
import { parseConfig } from "../../src/config/load.js";
import type { Connector } from "../../src/domain/connector.js";
import { silentLogger } from "../../src/log.js";
import { connectionBase } from "../../src/providers/common/config.js";
import { PROVIDERS } from "../../src/providers/index.js";
import type { AnyProvider, ProviderDescriptor } from "../../src/providers/types.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { createRuntime } from "../../src/server/runtime.js";
import { TOOLS } from "../../tools/registry.js";

const ArborConnection = z.strictObject({
  provider: z.literal("arbor"),
  apiToken: z.string({ error: "required" }).min(8, "must be the Arbor API token"),
  ...connectionBase,
});
type ArborConnection = z.infer<typeof ArborConnection>;

/** A fourth provider, known to the server only through its descriptor in the list. */
const arbor: ProviderDescriptor<ArborConnection> = {
  name: "arbor",
  title: "Arbor",
  serves: "state-school MIS",
  connectionSchemas: [ArborConnection],
  async create(id, config): Promise<Connector> {
    return {
      id,
      provider: "arbor",
      label: config.label ?? "Arbor",
      timeZone: "Europe/London",
      async check() {
        return { detail: "ok" };
      },
      async close() {},
      async listStudents() {
        return {
          items: [{ id: "a1", firstName: "Nia", lastName: "Fourth", displayName: "Nia Fourth" }],
        };
      },
    };
  },
};

const providers: readonly AnyProvider[] = [...PROVIDERS, arbor];
const raw = {
  connections: { riverside: { provider: "arbor", apiToken: "arbor-token-123", scopes: ["students:read"] } },
};

describe("a provider added through the descriptor list alone", () => {
  it("has its connection settings validated, with messages that name the field", () => {
    const config = parseConfig(raw, {}, providers);
    expect(config.connections["riverside"]?.provider).toBe("arbor");
    expect(() => parseConfig({ connections: { riverside: { provider: "arbor" } } }, {}, providers)).toThrow(
      "connections.riverside.apiToken: required",
    );
    // The server's own list does not know it: the message lists the providers it does know.
    expect(() => parseConfig(raw, {})).toThrow(/provider: must be one of centrecareos, hubmis, classcharts$/);
    const schema = JSON.stringify(configJsonSchema(providers));
    expect(schema).toContain('"arbor"');
    expect(schema).toContain("apiToken");
  });

  it("has the tools its connector implements exposed, and answers through them", async () => {
    const config = parseConfig(raw, {}, providers);
    const runtime = await createRuntime(config, silentLogger, TOOLS, { providers });
    const { client, close } = await connectInMemory(runtime);
    try {
      const names = (await client.listTools()).tools.map((tool) => tool.name);
      expect(names).toEqual(["list_connections", "list_students", "diagnose_connection"]);
      const listed = await client.callTool({ name: "list_connections", arguments: {} });
      expect(listed.structuredContent).toMatchObject({
        connections: [{ connection: "riverside", provider: "arbor", capabilities: ["listStudents"] }],
      });
      const students = await client.callTool({ name: "list_students", arguments: {} });
      expect(students.isError).toBeFalsy();
      expect(students.structuredContent).toMatchObject({
        students: [{ id: "a1", displayName: "Nia Fourth", connection: "riverside" }],
      });
    } finally {
      await close();
      await runtime.close();
    }
  });
});
