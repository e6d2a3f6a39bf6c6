import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Config } from "../../src/config/schema.js";
import { type HttpServerHandle, serveHttp } from "../../src/server/http.js";
import type { Runtime } from "../../src/server/runtime.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";

/**
 * A local OIDC issuer with a generated key pair publishes its JWKS over loopback; tokens are signed for real
 * and the server verifies them as it would Entra ID's or Google's.
 */
let issuerServer: Server;
let issuer: string;
type Key = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let signingKey: Key;
let strangerKey: Key;
let http: HttpServerHandle;
let runtime: Runtime;
const RESOURCE = "https://mcp.oakfield.example/mcp";
const INIT = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

beforeAll(async () => {
  const pair = await generateKeyPair("RS256");
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair("RS256")).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: "school-key-1", alg: "RS256", use: "sig" };
  issuerServer = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
    } else if (req.url === "/keys") res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end("{}");
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;

  runtime = testRuntime([
    { connector: createTestConnector("oakfield") },
    { connector: createTestConnector("acorns") },
  ]);
  const settings = Config.parse({
    connections: {},
    http: {
      port: 0,
      oauth: {
        issuer,
        resource: RESOURCE,
        rules: [
          {
            claim: "groups",
            value: "office-staff",
            scopes: ["students:read", "attendance:read"],
            connections: ["oakfield"],
          },
        ],
      },
    },
  }).http;
  http = await serveHttp(runtime, settings);
});

afterAll(async () => {
  await http?.close();
  await runtime?.close();
  await new Promise<void>((resolve) => issuerServer.close(() => resolve()));
});

async function token(
  claims: Record<string, unknown> = {},
  options: { key?: Key; kid?: string; audience?: string; issuer?: string; expiresIn?: string } = {},
): Promise<string> {
  return new SignJWT({ groups: ["office-staff"], ...claims })
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? "school-key-1" })
    .setIssuer(options.issuer ?? issuer)
    .setAudience(options.audience ?? RESOURCE)
    .setSubject("staff-4471")
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "10m")
    .sign(options.key ?? signingKey);
}

function post(bearer: string, body: unknown = INIT) {
  return fetch(http.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${bearer}`,
    },
    body: JSON.stringify(body),
  });
}

async function refusal(bearer: string) {
  const response = await post(bearer);
  return { status: response.status, challenge: response.headers.get("www-authenticate") ?? "" };
}

describe("OAuth resource-server mode", () => {
  it("publishes protected resource metadata naming the issuer", async () => {
    const response = await fetch(new URL("/.well-known/oauth-protected-resource/mcp", http.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ resource: RESOURCE, authorization_servers: [issuer] });
  });

  it("accepts a valid token and maps its group to scopes and connections", async () => {
    const response = await post(await token());
    expect(response.status).toBe(200);
    const list = await post(await token(), { jsonrpc: "2.0", id: 2, method: "tools/list" });
    const tools = ((await rpcBody(list)) as { result: { tools: { name: string }[] } }).result.tools.map(
      (t) => t.name,
    );
    expect(tools).toContain("list_students");
    expect(tools).not.toContain("send_message");
    const call = await post(await token(), {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "list_students", arguments: { connection: "acorns" } },
    });
    const result = ((await rpcBody(call)) as { result: { isError?: boolean } }).result;
    expect(result.isError).toBe(true);
  });

  it.each([
    ["expired", () => token({}, { expiresIn: "-5m" }), /expired/],
    ["for another audience", () => token({}, { audience: "https://other.example/mcp" }), /aud/],
    ["from another issuer", () => token({}, { issuer: "https://evil.example" }), /iss/],
    ["signed with an unknown key", () => token({}, { key: strangerKey, kid: "not-published" }), /key/],
  ])("refuses a token %s with 401 and a challenge naming the metadata", async (_name, make, reason) => {
    const { status, challenge } = await refusal(await make());
    expect(status).toBe(401);
    expect(challenge).toMatch(/error="invalid_token"/);
    expect(challenge).toMatch(reason);
    expect(challenge).toContain(
      'resource_metadata="https://mcp.oakfield.example/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it("refuses alg none and a tampered payload", async () => {
    const good = await token();
    const [header, payload, signature] = good.split(".") as [string, string, string];
    const none = `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${payload}.`;
    expect((await refusal(none)).status).toBe(401);
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, groups: ["head-teacher"], sub: "someone-else" }),
    ).toString("base64url");
    const tampered = await refusal(`${header}.${forged}.${signature}`);
    expect(tampered.status).toBe(401);
    expect(tampered.challenge).toMatch(/signature/);
  });

  it("answers 403 insufficient_scope for a valid token that grants nothing here", async () => {
    const { status, challenge } = await refusal(await token({ groups: ["kitchen"] }));
    expect(status).toBe(403);
    expect(challenge).toMatch(/error="insufficient_scope"/);
  });
});

/** A 2025-era answer may come as one JSON body or as one SSE `message` event carrying it. */
async function rpcBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text.startsWith("event:") && !text.startsWith("data:")) return JSON.parse(text);
  const data = text
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim())
    .join("");
  return JSON.parse(data);
}
