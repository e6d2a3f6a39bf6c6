/** Reading JSON bodies: quietly where a body only may help (auth checks, error mapping), strictly for data. */
import { InvalidResponseError } from "../errors.js";
import type { RawResponse } from "./http.js";

/** The body as JSON, parsed on the first call only; undefined when it is empty or not JSON. */
export function lazyJson(raw: RawResponse): () => unknown {
  let parsed: { value: unknown } | undefined;
  return () => {
    parsed ??= { value: parseQuietly(raw) };
    return parsed.value;
  };
}

function parseQuietly(raw: RawResponse): unknown {
  if (!raw.body || raw.body.length === 0) return undefined;
  try {
    return JSON.parse(raw.body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** Parses a JSON body; the error names what was wrong, never what the body said. */
export function parseJson(provider: string, raw: RawResponse): unknown {
  const body = raw.body;
  if (!body || body.length === 0)
    throw new InvalidResponseError(provider, "empty body where JSON was expected");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    const type = (raw.contentType.split(";")[0] ?? "")
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9.+/-]/g, "");
    const detail = type && !type.includes("json") ? `expected JSON, got ${type}` : "malformed JSON";
    throw new InvalidResponseError(provider, detail);
  }
}
