/**
 * The disclosure log: an append-only record of every call that returned or changed a child's data, so a
 * school can answer "who saw this child's record this week". It holds ids, never names: the time, the
 * caller, the tool, the connection, the children's record ids returned or written, the outcome, and for a
 * write that may have happened under a fault, that it may have. JSON lines in a rotated file by default;
 * a Redis stream when the cache is Redis, so every replica writes one shared log.
 */
import { appendFile, mkdir, readFile, rename, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Config } from "../config/schema.js";
import type { Logger } from "../log.js";

export interface DisclosureEntry {
  at: string;
  caller: string;
  tool: string;
  connection?: string;
  outcome: string;
  write: boolean;
  /** Ids of the children whose records were returned or written. */
  students: string[];
  /** Other records a write touched (a message thread, a visit). */
  records?: string[];
  /** A write whose outcome is unknown: the provider may have acted. */
  mayHaveHappened?: true;
}

export interface DisclosureFilter {
  student?: string;
  caller?: string;
  /** ISO date or date-time; entries at or after it. */
  since?: string;
}

export interface DisclosureLog {
  /** Appends in the background; a failing log is reported to stderr's log, never into the call. */
  record(entry: DisclosureEntry): void;
  read(filter?: DisclosureFilter): Promise<DisclosureEntry[]>;
  /** Waits for pending appends. */
  close(): Promise<void>;
}

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_KEEP = 10;
const STREAM_KEY = "school-mcp:disclosures";
const STREAM_MAX = 1_000_000;

/** Where the log lives by default: $SCHOOL_MCP_STATE_DIR, else the XDG state directory. */
export function defaultDisclosurePath(env: NodeJS.ProcessEnv = process.env): string {
  const dir =
    env["SCHOOL_MCP_STATE_DIR"] ??
    join(env["XDG_STATE_HOME"] ?? join(homedir(), ".local", "state"), "school-mcp");
  return join(dir, "disclosures.jsonl");
}

export function matches(entry: DisclosureEntry, filter: DisclosureFilter): boolean {
  if (filter.student !== undefined && !entry.students.includes(filter.student)) return false;
  if (filter.caller !== undefined && entry.caller !== filter.caller) return false;
  if (filter.since !== undefined && entry.at < filter.since) return false;
  return true;
}

/** A JSON-lines file, rotated past `maxBytes` into path.1 ... path.<keep>. */
export function fileDisclosureLog(
  path: string,
  options: { maxBytes?: number; keep?: number; onError?: (error: unknown) => void } = {},
): DisclosureLog {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_KEEP;
  let chain: Promise<void> = mkdir(dirname(path), { recursive: true }).then(() => undefined);
  const rotate = async () => {
    const size = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    if (size < maxBytes) return;
    for (let i = keep - 1; i >= 1; i--) await rename(`${path}.${i}`, `${path}.${i + 1}`).catch(() => {});
    await rename(path, `${path}.1`).catch(() => {});
  };
  // Entries that arrive while an append is under way go out together in the next one.
  let waiting: string[] = [];
  const flush = async () => {
    const lines = waiting.join("");
    waiting = [];
    await rotate();
    await appendFile(path, lines, { mode: 0o600 });
  };
  return {
    record(entry) {
      waiting.push(`${JSON.stringify(entry)}\n`);
      if (waiting.length > 1) return;
      chain = chain.then(flush).catch((error: unknown) => options.onError?.(error));
    },
    async read(filter = {}) {
      await chain;
      const files = [...Array.from({ length: keep }, (_, i) => `${path}.${keep - i}`), path];
      const entries: DisclosureEntry[] = [];
      for (const file of files) {
        const text = await readFile(file, "utf8").catch(() => "");
        for (const line of text.split("\n")) {
          if (!line.trim()) continue;
          try {
            const entry = JSON.parse(line) as DisclosureEntry;
            if (matches(entry, filter)) entries.push(entry);
          } catch {
            // A line cut by a crash mid-append is skipped; the rest of the log stands.
          }
        }
      }
      return entries;
    },
    close: () => chain,
  };
}

/** A Redis stream every replica appends to (XADD, capped near a million entries). */
export async function redisDisclosureLog(
  url: string,
  onError?: (error: unknown) => void,
): Promise<DisclosureLog> {
  const { newRedisClient, withTimeout } = await import("../upstream/redis-client.js");
  const client = newRedisClient(url);
  // Connection trouble surfaces through the operations below; the reconnect strategy keeps trying.
  client.on("error", () => {});
  client.connect().catch(() => {});
  const ready = () =>
    client.isReady
      ? Promise.resolve()
      : withTimeout(
          new Promise<void>((resolve) => client.once("ready", () => resolve())),
          2_000,
          "Redis disclosure log",
        );
  let pending: Promise<unknown> = Promise.resolve();
  return {
    record(entry) {
      pending = pending
        .then(async () => {
          await ready();
          await withTimeout(
            client.xAdd(
              STREAM_KEY,
              "*",
              { e: JSON.stringify(entry) },
              { TRIM: { strategy: "MAXLEN", strategyModifier: "~", threshold: STREAM_MAX } },
            ),
            2_000,
            "Redis disclosure log",
          );
        })
        .catch((error: unknown) => onError?.(error));
    },
    async read(filter = {}) {
      await pending;
      await ready();
      const rows = await client.xRange(STREAM_KEY, "-", "+");
      return rows
        .map((row) => JSON.parse(String(row.message["e"])) as DisclosureEntry)
        .filter((entry) => matches(entry, filter));
    },
    async close() {
      await withTimeout(pending, 5_000, "Redis disclosure log").catch(() => {});
      if (client.isReady) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}

/**
 * The children's record ids in a tool's output: every `studentId`, and the `id` of student records (the
 * `students` list, the `student` record). Ids only; names never enter the log.
 */
export function disclosedStudents(output: unknown): string[] {
  const found = new Set<string>();
  // Breadth first, in order, so the ids read as the answer listed them.
  const queue: { value: unknown; key?: string }[] = [{ value: output }];
  for (let next = 0; next < queue.length; next++) {
    const { value, key } = queue[next] as { value: unknown; key?: string };
    if (Array.isArray(value)) {
      for (const item of value) queue.push({ value: item, ...(key ? { key } : {}) });
      continue;
    }
    if (!value || typeof value !== "object") continue;
    const record = value as Record<string, unknown>;
    if (
      (key === "students" || key === "student") &&
      (typeof record["id"] === "string" || typeof record["id"] === "number")
    ) {
      found.add(String(record["id"]));
    }
    for (const [name, inner] of Object.entries(record)) {
      if (name === "studentId" && (typeof inner === "string" || typeof inner === "number"))
        found.add(String(inner));
      else if (inner && typeof inner === "object") queue.push({ value: inner, key: name });
    }
  }
  return [...found];
}

/** For runtimes assembled in tests without a log: records nothing. */
export const NO_DISCLOSURE_LOG: DisclosureLog = { record() {}, read: async () => [], close: async () => {} };

/** The log a config names: the Redis stream with a Redis cache, else the file. */
export async function openDisclosureLog(
  config: Pick<Config, "cache" | "disclosureLog">,
  logger: Logger,
): Promise<DisclosureLog> {
  if (!config.disclosureLog.enabled) return NO_DISCLOSURE_LOG;
  // The entry names the failure kind only: the log itself is where the ids belong.
  const onError = (error: unknown) =>
    logger.error("disclosure log write failed", { error: error instanceof Error ? error.name : "unknown" });
  if (config.cache.store !== "memory") return redisDisclosureLog(config.cache.store, onError);
  return fileDisclosureLog(config.disclosureLog.path ?? defaultDisclosurePath(), {
    maxBytes: config.disclosureLog.maxBytes,
    keep: config.disclosureLog.keep,
    onError,
  });
}
