/**
 * Transport: one pooled undici dispatcher per upstream origin, timeouts for connect, headers and body, a
 * response size cap, and transport failures sorted into what a retry policy needs to know.
 */
import { Pool } from "undici";

export interface HttpTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = { connectMs: 5_000, headersMs: 10_000, bodyMs: 30_000 };
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  setCookies: string[];
  /** Undefined when the body was discarded. */
  body: Buffer | undefined;
  contentType: string;
}

/** The first value of a header that may have been sent more than once. */
export function header(headers: RawResponse["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A path for logs: no query, and segments carrying ids replaced, e.g. /students/:id/timetable. */
export function pathShape(path: string): string {
  return (path.split("?")[0] ?? "")
    .split("/")
    .map((segment) => (/\d|@/.test(segment) || segment.length > 24 ? ":id" : segment))
    .join("/");
}

export type TransportPhase = "connect" | "headers" | "body" | "reset" | "too_large";

/**
 * A request that got no usable response. `sent` is false only when the request provably never left
 * (connection refused or not established), which makes even a non-idempotent request safe to retry.
 */
export class TransportError extends Error {
  readonly phase: TransportPhase;
  readonly sent: boolean;
  readonly code: string | undefined;
  constructor(phase: TransportPhase, sent: boolean, code: string | undefined, cause?: unknown) {
    super(`upstream transport failure (${phase}${code ? `, ${code}` : ""})`, { cause });
    this.name = "TransportError";
    this.phase = phase;
    this.sent = sent;
    this.code = code;
  }
}

interface PoolEntry {
  pool: Pool;
  refs: number;
}

const pools = new Map<string, PoolEntry>();

export interface PoolHandle {
  readonly pool: Pool;
  release(): Promise<void>;
}

/** The shared pool for an origin (and connect timeout); released when the last client closes. */
export function acquirePool(origin: string, connectMs: number): PoolHandle {
  const key = `${origin}|${connectMs}`;
  let entry = pools.get(key);
  if (!entry || entry.pool.closed || entry.pool.destroyed) {
    entry = {
      pool: new Pool(origin, {
        connections: 32,
        connect: { timeout: connectMs },
        keepAliveTimeout: 4_000,
        keepAliveMaxTimeout: 30_000,
      }),
      refs: 0,
    };
    pools.set(key, entry);
  }
  entry.refs++;
  const held = entry;
  let released = false;
  return {
    pool: held.pool,
    async release() {
      if (released) return;
      released = true;
      held.refs--;
      if (held.refs <= 0 && pools.get(key) === held) {
        pools.delete(key);
        await held.pool.close().catch(() => held.pool.destroy());
      }
    },
  };
}

export interface SendOptions {
  method: string;
  /** Path with its query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeouts: HttpTimeouts;
  maxBodyBytes: number;
  discardBody: boolean;
  /** Epoch ms past which the whole exchange, body included, is abandoned: a trickling body cannot hold a call. */
  deadline?: number;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Sorts a transport failure by phase; abort errors pass through unchanged. */
export function classifyTransportError(error: unknown): unknown {
  if (error instanceof TransportError) return error;
  const code = errorCode(error);
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "AbortError" || code === "ABORT_ERR" || code === "UND_ERR_ABORTED") return error;
  switch (code) {
    case "UND_ERR_CONNECT_TIMEOUT":
      return new TransportError("connect", false, code, error);
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new TransportError("connect", false, code, error);
    case "UND_ERR_HEADERS_TIMEOUT":
      return new TransportError("headers", true, code, error);
    case "UND_ERR_BODY_TIMEOUT":
      return new TransportError("body", true, code, error);
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
    case "ETIMEDOUT":
      return new TransportError("reset", true, code, error);
    default:
      return new TransportError("reset", true, code, error);
  }
}

/** Closes a body we will not read, without an unhandled error from the stream. */
function abandon(body: { on(event: "error", listener: () => void): unknown; destroy(): unknown }): void {
  body.on("error", () => {});
  body.destroy();
}

const HEADERS_TIMEOUT = Symbol("headers timeout");
const CALL_DEADLINE = Symbol("call deadline");

export async function send(pool: Pool, options: SendOptions): Promise<RawResponse> {
  // Our own timer for the headers: undici's coarse timers may fire up to a second late.
  const headersTimer = new AbortController();
  const timer = setTimeout(() => headersTimer.abort(HEADERS_TIMEOUT), options.timeouts.headersMs);
  // undici's body timeout is per chunk, so one byte a second never trips it; this bounds the whole exchange.
  const deadlineTimer = new AbortController();
  const deadlineTimeout =
    options.deadline === undefined
      ? undefined
      : setTimeout(() => deadlineTimer.abort(CALL_DEADLINE), Math.max(0, options.deadline - Date.now()));
  const signal = AbortSignal.any([
    ...(options.signal ? [options.signal] : []),
    headersTimer.signal,
    deadlineTimer.signal,
  ]);
  try {
    return await exchange(pool, options, signal, headersTimer.signal, timer);
  } catch (error) {
    if (deadlineTimer.signal.aborted && !options.signal?.aborted) {
      throw new TransportError("body", true, "CALL_DEADLINE", error);
    }
    throw error;
  } finally {
    clearTimeout(deadlineTimeout);
  }
}

async function exchange(
  pool: Pool,
  options: SendOptions,
  signal: AbortSignal,
  headersSignal: AbortSignal,
  timer: NodeJS.Timeout,
): Promise<RawResponse> {
  let response: Awaited<ReturnType<Pool["request"]>>;
  try {
    response = await pool.request({
      method: options.method as "GET",
      path: options.path,
      headers: options.headers,
      body: options.body,
      signal,
      headersTimeout: options.timeouts.headersMs + 1_000,
      bodyTimeout: options.timeouts.bodyMs,
    });
  } catch (error) {
    if (headersSignal.aborted && !options.signal?.aborted) {
      throw new TransportError("headers", true, "UND_ERR_HEADERS_TIMEOUT");
    }
    throw classifyTransportError(error);
  } finally {
    clearTimeout(timer);
  }
  const headers = response.headers as Record<string, string | string[] | undefined>;
  const rawCookies = headers["set-cookie"];
  const setCookies = rawCookies === undefined ? [] : Array.isArray(rawCookies) ? rawCookies : [rawCookies];
  const contentType = header(headers, "content-type") ?? "";
  const result: RawResponse = {
    status: response.statusCode,
    headers,
    setCookies,
    body: undefined,
    contentType,
  };

  if (options.discardBody || options.method === "HEAD") {
    try {
      await response.body.dump({ limit: 64 * 1024 });
    } catch {
      // The answer is already known; a broken body on a discarded response does not matter.
    }
    return result;
  }

  const declared = Number(headers["content-length"]);
  if (Number.isFinite(declared) && declared > options.maxBodyBytes) {
    abandon(response.body);
    throw new TransportError("too_large", true, undefined);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  try {
    for await (const chunk of response.body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > options.maxBodyBytes) {
        tooLarge = true;
        break;
      }
      chunks.push(buffer);
    }
  } catch (error) {
    throw classifyTransportError(error);
  }
  if (tooLarge) {
    abandon(response.body);
    throw new TransportError("too_large", true, undefined);
  }
  result.body = Buffer.concat(chunks, size);
  return result;
}
