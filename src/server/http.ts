import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { type AuthInfo, createMcpHandler } from "@modelcontextprotocol/server";
import type { Config } from "../config/schema.js";
import { type Caller, callerFromToken } from "./caller.js";
import { createMcpServer } from "./create-server.js";
import { createOAuthVerifier, METADATA_PATH, type OAuthOutcome } from "./oauth.js";
import type { Runtime } from "./runtime.js";

export interface HttpServerHandle {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

type HttpSettings = Config["http"];

/**
 * Streamable HTTP at /mcp, stateless in both eras: 2026-07-28 requests carry their own `_meta` envelope and
 * 2025-11-25 clients are served per request from the same factory, so any replica can answer any request. Guards run before MCP sees a byte: Host and Origin
 * (DNS rebinding), bearer token, content type, body size.
 */
export async function serveHttp(runtime: Runtime, settings: HttpSettings): Promise<HttpServerHandle> {
  const tokens = settings.tokens.map((token) => ({
    secret: Buffer.from(token.token),
    caller: callerFromToken(token),
  }));
  const oauth = settings.oauth ? createOAuthVerifier(settings.oauth) : undefined;
  const mcpHandler = createMcpHandler(
    ({ authInfo }) => {
      const caller = authInfo?.extra?.["caller"] as Caller | undefined;
      if (!caller) throw new Error("request reached MCP without an authenticated caller");
      return createMcpServer(runtime, caller, { allowElicitation: false });
    },
    // One JSON body per request, as before: replicas behind a plain load balancer need no streaming.
    { responseMode: "json" },
  );
  const nodeHandler = toNodeHandler(mcpHandler);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      runtime.logger.error("http request failed", { error: error instanceof Error ? error.name : "unknown" });
      if (!res.headersSent) sendJson(res, 500, rpcError(-32603, "Internal error"));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://placeholder");
    if (!hostAllowed(req.headers.host, allowedHosts))
      return sendJson(res, 403, rpcError(-32000, "Forbidden: Host not allowed"));
    if (url.pathname === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (oauth && url.pathname.startsWith(METADATA_PATH)) return sendJson(res, 200, oauth.metadata());
    if (url.pathname !== "/mcp") return sendJson(res, 404, { error: "not found" });
    const origin = req.headers.origin;
    // Same-origin (a page served from this very host) is no rebinding attack: its Host already passed.
    const sameOrigin = origin !== undefined && origin === `http://${req.headers.host}`;
    if (origin !== undefined && !sameOrigin && !settings.allowedOrigins.includes(origin)) {
      return sendJson(res, 403, rpcError(-32000, "Forbidden: Origin not allowed"));
    }
    const outcome = await authenticate(req.headers.authorization);
    if (!outcome.ok) {
      const challenge = [
        'Bearer realm="school-mcp"',
        `error="${outcome.error}"`,
        `error_description="${outcome.description}"`,
        ...(oauth ? [`resource_metadata="${oauth.metadataUrl}"`] : []),
      ];
      res.setHeader("WWW-Authenticate", challenge.join(", "));
      const text =
        outcome.status === 401 ? `Unauthorized: ${outcome.description}` : `Forbidden: ${outcome.description}`;
      return sendJson(res, outcome.status, rpcError(outcome.status === 401 ? -32001 : -32003, text));
    }
    const caller = outcome.caller;
    if (req.method !== "POST") {
      res.setHeader("Allow", "POST");
      return sendJson(
        res,
        405,
        rpcError(-32000, "Method not allowed: this server is stateless; POST JSON-RPC to /mcp"),
      );
    }
    const type = req.headers["content-type"] ?? "";
    if (!type.toLowerCase().startsWith("application/json")) {
      return sendJson(
        res,
        415,
        rpcError(-32000, "Unsupported Media Type: use Content-Type: application/json"),
      );
    }
    const body = await readJsonBody(req, settings.maxBodyBytes);
    if (body.status !== 200)
      return sendJson(res, body.status, rpcError(body.status === 413 ? -32000 : -32700, body.message));
    if (Array.isArray(body.value) && body.value.length === 0) {
      return sendJson(res, 400, rpcError(-32600, "Invalid Request: an empty batch"));
    }

    const authInfo: AuthInfo = {
      token: "",
      clientId: caller.name,
      scopes: [...caller.scopes],
      extra: { caller },
    };
    (req as IncomingMessage & { auth?: AuthInfo }).auth = authInfo;
    await nodeHandler(req, res, body.value);
  }

  async function authenticate(header: string | undefined): Promise<OAuthOutcome> {
    const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
    const presented = match?.[1]?.trim();
    if (!presented) {
      return {
        ok: false,
        status: 401,
        error: "invalid_token",
        description: "send Authorization: Bearer <token>",
      };
    }
    const bytes = Buffer.from(presented);
    // Compare against every token so timing does not reveal which one nearly matched.
    let found: Caller | undefined;
    for (const token of tokens) {
      if (token.secret.length === bytes.length && timingSafeEqual(token.secret, bytes)) found = token.caller;
    }
    if (found) return { ok: true, caller: found };
    if (oauth && presented.split(".").length === 3) return oauth.verify(presented);
    return {
      ok: false,
      status: 401,
      error: "invalid_token",
      description: "send Authorization: Bearer <token>",
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const allowedHosts = settings.allowedHosts ?? defaultHosts(settings.host, port);
  const shownHost = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  runtime.logger.info("serving MCP over HTTP", {
    url: `http://${shownHost}:${port}/mcp`,
    bearerTokens: tokens.length,
  });
  return {
    url: `http://${shownHost}:${port}/mcp`,
    port,
    server,
    close: async () => {
      await mcpHandler.close();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Loopback binds accept the loopback names; a public bind accepts only what the config lists plus its own address. */
function defaultHosts(host: string, port: number): string[] {
  const loopback = ["127.0.0.1", "localhost", "[::1]"];
  const names = host === "127.0.0.1" || host === "localhost" || host === "::1" ? loopback : [host];
  return names.flatMap((name) => [name, `${name}:${port}`]);
}

function hostAllowed(host: string | undefined, allowed: readonly string[]): boolean {
  if (!host) return false;
  return allowed.includes(host.toLowerCase());
}

async function readJsonBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ status: 200; value: unknown } | { status: 400 | 413; message: string }> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) {
    req.resume();
    return { status: 413, message: `Payload Too Large: the limit is ${limit} bytes` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { status: 413, message: `Payload Too Large: the limit is ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { status: 200, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) };
  } catch {
    return { status: 400, message: "Parse error: the body is not valid JSON" };
  }
}

function rpcError(code: number, message: string) {
  return { jsonrpc: "2.0", error: { code, message }, id: null };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
