import type { CallToolResult } from "@modelcontextprotocol/client";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.js";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { demoConfig } from "../../src/sandbox/demo.js";
import { type HttpServerHandle, serveHttp } from "../../src/server/http.js";
import { createRuntime, type Runtime } from "../../src/server/runtime.js";
import { TOOLS } from "../../tools/registry.js";
import { REDIS_URL, requireRedisInCi } from "../helpers/redis.js";

const hasRedis = await requireRedisInCi("the multi-replica tests");
const TOKEN = "replica-test-token-0123456789";

/**
 * Two server instances behind one (imagined) load balancer: separate processes' worth of state, one Redis.
 * A confirmation issued by one replica is honoured by the other, once.
 */
describe.runIf(hasRedis)("two HTTP replicas sharing Redis", () => {
  let sandbox: CentreCareOsSandbox;
  const runtimes: Runtime[] = [];
  const servers: HttpServerHandle[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    sandbox = await startCentreCareOsSandbox({ seed: 7, clock: createClock(1) });
    for (let i = 0; i < 2; i++) {
      const config = demoConfig(sandbox.connections, { token: TOKEN });
      config.cache.store = REDIS_URL;
      config.http.port = 0;
      config.http.confirmationSecret = "replica-shared-signing-secret-0123456789";
      const runtime = await createRuntime(config, silentLogger, TOOLS);
      const server = await serveHttp(runtime, config.http);
      const client = new Client({ name: `replica-${i}`, version: "1" });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.url), {
          requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
        }),
      );
      runtimes.push(runtime);
      servers.push(server);
      clients.push(client);
    }
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    await Promise.all(runtimes.map((r) => r.close()));
    await sandbox?.close();
  });

  const send = async (client: Client, args: Record<string, unknown>) =>
    (await client.callTool({ name: "send_message", arguments: args })) as CallToolResult;
  const messageCount = () => sandbox.state.store.data.threads.reduce((n, t) => n + t.messages.length, 0);

  it("previews on one replica, sends once when confirmed on the other, and not again on a repeat", async () => {
    const [a, b] = clients as [Client, Client];
    const message = {
      connection: "little-acorns",
      recipients: ["Robins"],
      subject: "Pickup time",
      content: "Pickup is at 3pm today because of the staff meeting.",
    };
    const before = messageCount();
    const preview = await send(a, message);
    expect(preview.structuredContent).toMatchObject({ status: "needs_confirmation" });
    expect(messageCount()).toBe(before);

    const confirmationToken = (preview.structuredContent as Record<string, unknown> | undefined)?.[
      "confirmationToken"
    ] as string;
    const results = await Promise.all([
      send(b, { ...message, confirmationToken }),
      send(a, { ...message, confirmationToken }),
    ]);
    const statuses = results.map(
      (r) => (r.structuredContent as Record<string, unknown> | undefined)?.["status"] ?? "error",
    );
    expect(statuses.filter((s) => s === "sent")).toHaveLength(1);
    expect(messageCount()).toBe(before + 1);

    const repeat = await send(b, { ...message, confirmationToken });
    expect(repeat.structuredContent).toMatchObject({ status: "already_sent" });
    expect(messageCount()).toBe(before + 1);
  });
});
