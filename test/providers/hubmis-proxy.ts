import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback proxy in front of the HUBmis sandbox, for the rule tests: it records every query the
 * connector sends and rewrites chosen JSON answers into what no sandbox variant serves (every record
 * unreadable, a lesson without times), so a test can show what the connector does with them.
 */
export interface HubmisProxy {
  /** The base URL to give the connector (the sandbox's, through the proxy). */
  baseUrl: string;
  /** Paths and queries the connector asked for, in order (token requests left out). */
  seen: URL[];
  /** Rewrites answers whose path matches; the last one set for a path wins. */
  rewrite(match: RegExp, change: (json: unknown, url: URL) => unknown): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<HubmisProxy> {
  const upstream = new URL(target);
  const rules: Array<{ match: RegExp; change: (json: unknown, url: URL) => unknown }> = [];
  const seen: URL[] = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", upstream.origin);
    if (!url.pathname.endsWith("/token")) seen.push(url);
    const body = await read(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && !["host", "content-length", "connection"].includes(name))
        headers[name] = value;
    }
    const answer = await fetch(url, {
      method: req.method ?? "GET",
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    let text = await answer.text();
    const rule = [...rules].reverse().find((r) => r.match.test(url.pathname));
    if (rule && answer.ok) text = JSON.stringify(rule.change(JSON.parse(text), url));
    const out: Record<string, string> = { "content-type": "application/json" };
    for (const [name, value] of answer.headers) if (name.startsWith("x-ratelimit")) out[name] = value;
    res.writeHead(answer.status, out);
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${upstream.pathname}`,
    seen,
    rewrite: (match, change) => rules.push({ match, change }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
