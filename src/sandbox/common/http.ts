import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FaultControls, type ScriptedFault, ScriptedFaults } from "./faults.js";
import type { Random } from "./random.js";

export const MAX_REQUEST_BODY = 256 * 1024;

export interface SandboxRequest {
  method: string;
  path: string;
  /** Path split on "/" without empties, decoded. */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Parsed JSON or form body (form fields as a flat object); undefined when empty. */
  body: unknown;
  raw: IncomingMessage;
  /** Remote address, for per-IP limits. */
  ip: string;
}

export interface SandboxReply {
  status: number;
  headers?: Record<string, string | string[]>;
  /** Serialised as JSON unless `text` is set. */
  json?: unknown;
  text?: string;
}

export type SandboxHandler = (req: SandboxRequest) => SandboxReply | Promise<SandboxReply>;

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface RunningServer {
  url: string;
  port: number;
  server: Server;
  faults: FaultControls;
  /** Requests answered so far (after faults), for tests that count upstream calls. */
  /** byUrl counts path and query together: a page asked for twice shows as 2 (benchmarks, tests). */
  stats: { requests: number; byPath: Map<string, number>; byUrl: Map<string, number> };
  close(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  host?: string;
  random: Random;
  /** Shapes an error in the provider's own envelope (400 bad body, 413, 500). */
  errorReply: (status: number, message: string) => SandboxReply;
}

/**
 * Starts one simulated provider on loopback. Every request passes through the fault controls, then the
 * handler; a throwing handler answers 500 in the provider's shape, so the server never crashes.
 */
export async function startSandboxServer(
  handler: SandboxHandler,
  options: StartOptions,
): Promise<RunningServer> {
  const faults = new FaultControls(options.random.fork("faults"));
  const stats = { requests: 0, byPath: new Map<string, number>(), byUrl: new Map<string, number>() };
  const server = createServer((req, res) => {
    void serve(req, res).catch(() => {
      if (!res.headersSent) send(res, options.errorReply(500, "Internal error"));
      else res.destroy();
    });
  });
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox.invalid");
    if (url.pathname.startsWith("/__sandbox/")) return send(res, await admin(req, url, faults, stats));
    if (await faults.apply(req, res)) return;
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (error) {
      const status = error instanceof BodyError ? error.status : 400;
      const reply = options.errorReply(status, error instanceof Error ? error.message : "Bad request");
      // The rest of an oversized body is never read, so the connection cannot carry another request.
      if (status === 413) reply.headers = { ...reply.headers, connection: "close" };
      return send(res, reply);
    }
    stats.requests++;
    stats.byPath.set(url.pathname, (stats.byPath.get(url.pathname) ?? 0) + 1);
    const page = `${req.method ?? "GET"} ${url.pathname}${url.search}`;
    stats.byUrl.set(page, (stats.byUrl.get(page) ?? 0) + 1);
    let segments: string[];
    try {
      segments = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      return send(res, options.errorReply(400, "Malformed path"));
    }
    const reply = await handler({
      method: req.method ?? "GET",
      path: url.pathname,
      segments,
      query: url.searchParams,
      headers: req.headers,
      body,
      raw: req,
      ip: req.socket.remoteAddress ?? "unknown",
    });
    send(res, reply);
  }
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host}:${port}`,
    port,
    server,
    faults,
    stats,
    close: async () => {
      faults.releaseStalled();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function send(res: ServerResponse, reply: SandboxReply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | string[]> = { ...reply.headers };
  let payload = "";
  if (reply.text !== undefined) {
    payload = reply.text;
    headers["content-type"] ??= "text/plain; charset=utf-8";
  } else if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers["content-type"] ??= "application/json";
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BODY) {
      req.resume();
      throw new BodyError(413, "Request body too large");
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  const text = Buffer.concat(chunks).toString("utf8");
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, "Malformed JSON body");
  }
}

/** `POST /__sandbox/faults` {latencyMs?, jitterMs?, errorRate?, script?: {fault, count}, reset?: true}; `GET /__sandbox/stats`. */
async function admin(
  req: IncomingMessage,
  url: URL,
  faults: FaultControls,
  stats: RunningServer["stats"],
): Promise<SandboxReply> {
  if (url.pathname === "/__sandbox/stats") {
    return { status: 200, json: { requests: stats.requests, byPath: Object.fromEntries(stats.byPath) } };
  }
  if (url.pathname !== "/__sandbox/faults" || req.method !== "POST")
    return { status: 404, json: { error: "unknown" } };
  let body: Record<string, unknown>;
  try {
    body = ((await readBody(req)) ?? {}) as Record<string, unknown>;
  } catch {
    return { status: 400, json: { error: "bad body" } };
  }
  if (body["reset"] === true) faults.reset();
  const numbers: Record<string, number> = {};
  for (const key of ["latencyMs", "jitterMs", "errorRate"] as const) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== "number" || value < 0 || (key === "errorRate" && value > 1)) {
      return {
        status: 400,
        json: { error: `${key} must be a non-negative number${key === "errorRate" ? " ≤ 1" : ""}` },
      };
    }
    numbers[key] = value;
  }
  faults.set(numbers);
  const script = body["script"] as { fault?: unknown; count?: unknown } | undefined;
  if (script) {
    if (!ScriptedFaults.includes(script.fault as ScriptedFault)) {
      return { status: 400, json: { error: `fault must be one of ${ScriptedFaults.join(", ")}` } };
    }
    faults.script(script.fault as ScriptedFault, typeof script.count === "number" ? script.count : 1);
  }
  return { status: 200, json: { settings: faults.settings, pending: faults.pending() } };
}
