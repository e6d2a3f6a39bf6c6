import { type ChildProcess, spawn } from "node:child_process";

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
