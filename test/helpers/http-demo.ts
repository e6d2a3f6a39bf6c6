import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll } from "vitest";

/** `school-mcp demo --http` on a free port with a known bearer token; resolves once it prints its URL. */
export async function startHttpDemo(
  entry: string,
  token: string,
): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [entry, "demo", "--http", "--port", "0", "--latency-ms", "0", "--jitter-ms", "0"],
    {
      env: { ...process.env, SCHOOL_MCP_TOKEN: token },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(seen);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", () => reject(new Error("the demo exited before it served")));
  });
  return { url, process: child };
}

/**
 * The built demo over HTTP for one test file: started before its tests, stopped after. `url()` is the MCP
 * endpoint once started.
 */
export function useHttpDemo(entry: string, token: string): { url(): string } {
  let demo: { url: string; process: ChildProcess } | undefined;
  beforeAll(async () => {
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first (npm test does)`);
    demo = await startHttpDemo(entry, token);
  }, 30_000);
  afterAll(() => {
    demo?.process.kill("SIGTERM");
  });
  return {
    url() {
      if (!demo) throw new Error("the HTTP demo has not started");
      return demo.url;
    },
  };
}
