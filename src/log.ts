/**
 * Structured logger. Lines are JSON on stderr: stdout belongs to the MCP stdio transport.
 * Values under secret-looking keys are replaced before anything is written.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const LOG_LEVELS = Object.keys(LEVELS) as readonly LogLevel[];

/** A level name in any case (`DEBUG` is debug); undefined when it is none of them. */
export function parseLogLevel(value: string): LogLevel | undefined {
  const lower = value.trim().toLowerCase();
  return lower in LEVELS ? (lower as LogLevel) : undefined;
}

const SECRET_KEY =
  /^(authorization|cookie|set-cookie|apikey|api_key|clientsecret|client_secret|password|token|tokens|access_token|refresh_token|session_id|sessionid|secret|dob|dateofbirth|code)$/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[deep]";
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? "[redacted]" : redact(inner, depth + 1);
    }
    return out;
  }
  if (typeof value === "string") return redactString(value);
  return value;
}

/** Strips bearer tokens and CentreCareOS keys that slipped into free text. */
export function redactString(text: string): string {
  return text
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, "$1 [redacted]")
    .replace(/ccapi_[A-Za-z0-9]+/g, "ccapi_[redacted]");
}

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  base?: Record<string, unknown>;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = parseLogLevel(process.env["SCHOOL_MCP_LOG_LEVEL"] ?? "");
  const level = options.level ?? envLevel ?? "info";
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const base = options.base ?? {};
  const emit = (lvl: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (LEVELS[lvl] < LEVELS[level]) return;
    const record = {
      time: new Date().toISOString(),
      level: lvl,
      msg: redactString(message),
      ...base,
      ...fields,
    };
    write(JSON.stringify(redact(record)));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ level, write, base: { ...base, ...fields } }),
  };
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
