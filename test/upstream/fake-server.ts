/**
 * A small real HTTP upstream on 127.0.0.1 for the upstream-layer tests: records every request with its
 * arrival time, counts sockets, and lets each test script the answers.
 */
import { randomUUID } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach } from "vitest";
import { silentLogger } from "../../src/log.js";
import { createSharedCache, UpstreamClient, type UpstreamClientConfig } from "../../src/upstream/index.js";

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Arrival time (ms). */
  at: number;
}

export type FakeHandler = (
  req: FakeRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => void | Promise<void>;

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private handler: FakeHandler;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: http.Server,
    handler: FakeHandler,
  ) {
    this.handler = handler;
  }

  static async start(
    handler: FakeHandler = (_req, res) => sendJson(res, 200, { ok: true }),
  ): Promise<FakeServer> {
    const server = http.createServer();
    const fake = new FakeServer(server, handler);
    server.on("connection", (socket) => {
      fake.sockets.add(socket);
      socket.on("close", () => fake.sockets.delete(socket));
    });
    server.on("request", (raw, res) => {
      const chunks: Buffer[] = [];
      raw.on("data", (chunk: Buffer) => chunks.push(chunk));
      raw.on("end", () => {
        const url = new URL(raw.url ?? "/", "http://fake");
        const req: FakeRequest = {
          method: raw.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: raw.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          at: performance.now(),
        };
        fake.requests.push(req);
        Promise.resolve(fake.handler(req, res, raw)).catch(() => {
          if (!res.headersSent) sendJson(res, 500, { error: "fake handler failed" });
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Sockets currently open on the server side. */
  get openSockets(): number {
    return this.sockets.size;
  }

  setHandler(handler: FakeHandler): void {
    this.handler = handler;
  }

  count(filter?: { path?: string; method?: string }): number {
    return this.requests.filter(
      (r) => (!filter?.path || r.path === filter.path) && (!filter?.method || r.method === filter.method),
    ).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A strict sliding window, as an upstream enforces it: no more than `limit` accepted in any `windowMs`. */
export class SlidingWindow {
  private readonly accepted: number[] = [];
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  tryAccept(now = performance.now()): boolean {
    while (this.accepted.length > 0 && this.accepted[0]! <= now - this.windowMs) this.accepted.shift();
    if (this.accepted.length >= this.limit) return false;
    this.accepted.push(now);
    return true;
  }

  get remaining(): number {
    return this.limit - this.accepted.length;
  }
}

/** Options for a client against a fake, with short, unique everything. */
export function clientOptions(
  fake: { url: string },
  overrides: Partial<UpstreamClientConfig> = {},
): UpstreamClientConfig {
  return {
    provider: "FakeUpstream",
    connection: "fake",
    baseUrl: fake.url,
    credentialKey: `cred-${randomUUID()}`,
    rateLimit: { windows: [], concurrency: 16, maxQueueWaitMs: 2_000 },
    retry: { baseMs: 10, capMs: 100 },
    logger: silentLogger,
    cache: createSharedCache("memory"),
    ...overrides,
  };
}

/**
 * Per-test upkeep for a test file: `cleanups` run newest first after each test, so clients close before the
 * fakes they talk to; `setup` starts a scripted fake with a client against it and registers both.
 */
export function fakeUpstreamHarness() {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  async function setup(handler: FakeHandler, overrides: Partial<UpstreamClientConfig> = {}) {
    const fake = await FakeServer.start(handler);
    const client = new UpstreamClient(clientOptions(fake, overrides));
    cleanups.push(
      () => fake.close(),
      () => client.close(),
    );
    return { fake, client };
  }

  return { cleanups, setup };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
