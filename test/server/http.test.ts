import { request } from "node:http";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Config } from "../../src/config/schema.js";
import { type HttpServerHandle, serveHttp } from "../../src/server/http.js";
import type { Runtime } from "../../src/server/runtime.js";
import { createTestConnector, type TestConnector, testRuntime } from "../helpers/test-connector.js";

const FULL = "full-token-0123456789abcdef";
const OFFICE = "office-token-0123456789abcdef";
const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

let http: HttpServerHandle;
let runtime: Runtime;
let connector: TestConnector;

beforeAll(async () => {
  connector = createTestConnector("a");
  runtime = testRuntime([{ connector }]);
  const settings = Config.parse({
    connections: {},
    http: {
      port: 0,
      maxBodyBytes: 20_000,
      tokens: [
        { name: "full", token: FULL, scopes: ["students:read", "messages:read", "messages:write"] },
        { name: "office", token: OFFICE, scopes: ["students:read", "messages:read"] },
      ],
    },
  }).http;
  http = await serveHttp(runtime, settings);
});

afterAll(async () => {
  await http.close();
  await runtime.close();
});

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(http.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${FULL}`,
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function mcpClient(token: string): Promise<Client> {
  const client = new Client({ name: "http-test", version: "1" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

describe("Streamable HTTP transport", () => {
  it("answers 401 with WWW-Authenticate for a missing or wrong token", async () => {
    const missing = await post(INIT, { authorization: "" });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const wrong = await post(INIT, { authorization: "Bearer not-the-token-0123456789" });
    expect(wrong.status).toBe(401);
  });

  it("accepts a same-origin request and refuses an empty batch with 400", async () => {
    const origin = new URL(http.url).origin;
    expect((await post(INIT, { origin })).status).toBe(200);
    const empty = await post([]);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { code: number } }).error.code).toBe(-32600);
  });

  it("answers 403 for a foreign Origin or Host, even with the right token", async () => {
    expect((await post(INIT, { origin: "https://evil.example" })).status).toBe(403);
    // fetch may not set Host, so speak node:http directly.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        http.url,
        {
          method: "POST",
          headers: {
            host: "evil.example",
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            authorization: `Bearer ${FULL}`,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(INIT));
    });
    expect(status).toBe(403);
  });

  it("answers 200 for the right token, 415 for the wrong content type and 413 over the body limit", async () => {
    expect((await post(INIT)).status).toBe(200);
    expect((await post(INIT, { "content-type": "text/plain" })).status).toBe(415);
    const big = { ...INIT, params: { ...INIT.params, padding: "x".repeat(30_000) } };
    expect((await post(big)).status).toBe(413);
    expect((await post("{ not json")).status).toBe(400);
  });

  it("serves /healthz without a token", async () => {
    const res = await fetch(http.url.replace(/\/mcp$/, "/healthz"));
    expect(res.status).toBe(200);
  });

  it("lists and calls tools through the SDK client, validating structuredContent", async () => {
    const client = await mcpClient(FULL);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("send_message");
    const result = (await client.callTool({ name: "list_students", arguments: {} })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ students: [{ id: "1", connection: "a" }, { id: "2" }] });
    await client.close();
  });

  it("a token without messages:write neither sees nor calls send_message", async () => {
    const client = await mcpClient(OFFICE);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("send_message");
    const before = connector.calls.length;
    const result = (await client.callTool({
      name: "send_message",
      arguments: { recipients: ["p1"], content: "hello" },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(connector.calls.length).toBe(before);
    await client.close();
  });
});
