import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Config } from "../../src/config/schema.js";
import { type HttpServerHandle, serveHttp } from "../../src/server/http.js";
import type { Runtime } from "../../src/server/runtime.js";
import { envelope, rawConnection } from "../helpers/raw-mcp.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";

/** The 2026-07-28 error rules, over HTTP (status codes, headers) and over a stream (in memory). */
const TOKEN = "full-token-0123456789abcdef";
let http: HttpServerHandle;
let runtime: Runtime;

beforeAll(async () => {
  runtime = testRuntime([{ connector: createTestConnector("a") }]);
  const settings = Config.parse({
    connections: {},
    http: { port: 0, tokens: [{ name: "full", token: TOKEN, scopes: ["students:read"] }] },
  }).http;
  http = await serveHttp(runtime, settings);
});
afterAll(async () => {
  await http.close();
  await runtime.close();
});

interface ErrorReply {
  status: number;
  id: unknown;
  error: { code: number; message: string; data?: Record<string, unknown> };
}

let nextId = 100;
/** A 2026-07-28 request over HTTP: envelope in `_meta`, and the headers that must agree with the body. */
async function post(
  method: string,
  params: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<ErrorReply> {
  const id = nextId++;
  const response = await fetch(http.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${TOKEN}`,
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": method,
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id, method, params: { _meta: envelope(), ...params } }),
  });
  const body = (await response.json()) as Omit<ErrorReply, "status">;
  // Every error answers the request it is about.
  expect(body.id).toBe(id);
  return { status: response.status, ...body };
}

describe("2026-07-28 errors over HTTP", () => {
  it("answers an unknown method, and one removed in 2026-07-28 (initialize), with 404 and -32601", async () => {
    for (const method of ["no/such-method", "initialize", "logging/setLevel"]) {
      const reply = await post(method, { protocolVersion: "2026-07-28", level: "info" });
      expect(reply.status, method).toBe(404);
      expect(reply.error.code, method).toBe(-32601);
    }
  });

  it("answers a malformed or incomplete _meta envelope with 400 and -32602 naming the key", async () => {
    const wrongType = await post("tools/list", {
      _meta: { ...envelope(), "io.modelcontextprotocol/clientCapabilities": "all" },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.error.code).toBe(-32602);
    expect(wrongType.error.data?.["envelope"]).toMatchObject({
      key: "io.modelcontextprotocol/clientCapabilities",
    });
    const missing = await post("tools/list", {
      _meta: { "io.modelcontextprotocol/protocolVersion": "2026-07-28" },
    });
    expect(missing.status).toBe(400);
    expect(missing.error.code).toBe(-32602);
    expect(missing.error.data?.["envelope"]).toMatchObject({ problem: "missing" });
  });

  it("refuses headers that disagree with the body: method, name and protocol version", async () => {
    const method = await post("tools/list", {}, { "mcp-method": "prompts/list" });
    const name = await post(
      "tools/call",
      { name: "list_connections", arguments: {} },
      { "mcp-name": "get_student" },
    );
    const version = await post("tools/list", {}, { "mcp-protocol-version": "2025-11-25" });
    for (const reply of [method, name, version]) {
      expect(reply.status).toBe(400);
      expect(reply.error.code).toBe(-32020);
      expect(reply.error.data?.["mismatch"]).toBeDefined();
    }
    expect(name.error.message).toContain("get_student");
  });

  it("refuses an unsupported protocol version with -32022 listing the supported ones", async () => {
    const reply = await post(
      "tools/list",
      { _meta: { ...envelope(), "io.modelcontextprotocol/protocolVersion": "2099-01-01" } },
      { "mcp-protocol-version": "2099-01-01" },
    );
    expect(reply.status).toBe(400);
    expect(reply.error.code).toBe(-32022);
    expect(reply.error.data).toMatchObject({ requested: "2099-01-01", supported: ["2026-07-28"] });
  });

  it("answers an unknown tool with -32602 and the request's id", async () => {
    const reply = await post(
      "tools/call",
      { name: "no_such_tool", arguments: {} },
      { "mcp-name": "no_such_tool" },
    );
    expect(reply.error.code).toBe(-32602);
    expect(reply.error.message).toContain("no_such_tool");
  });
});

describe("2026-07-28 errors over a stream", () => {
  it("answers an unknown method with -32601 and a bad envelope with -32602, each with its id", async () => {
    const raw = await rawConnection(runtime);
    try {
      const unknown = await raw.send("no/such-method", { _meta: envelope() });
      expect(unknown.error?.code).toBe(-32601);
      expect(unknown.id).toBeDefined();
      const bad = await raw.send("tools/list", {
        _meta: { ...envelope(), "io.modelcontextprotocol/clientCapabilities": 5 },
      });
      expect(bad.error?.code).toBe(-32602);
      expect(bad.id).toBeDefined();
    } finally {
      await raw.close();
    }
  });
});
