import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startTokenProxy } from "./token-proxy.js";

/**
 * `npm run conformance`: the official MCP conformance suite against `school-mcp demo --http`, through a
 * proxy that adds the demo's bearer token. Exits non-zero on any failure not listed in expected-failures.yml
 * (and on any listed entry that passes, so the list cannot go stale).
 */
export const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "dns-rebinding-protection",
  "server-stateless",
  "caching",
  "http-header-validation",
  "resources-list",
  "prompts-list",
  "sep-2164-resource-not-found",
  "tasks-capability-negotiation",
] as const;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const TOKEN = "conformance-token-0123456789";

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const scenarios = only.length > 0 ? only : [...SCENARIOS];
  const demo = spawn(
    process.execPath,
    [join(root, "dist", "bin", "school-mcp.js"), "demo", "--http", "--port", "0"],
    {
      env: { ...process.env, SCHOOL_MCP_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const url = await serverUrl(demo);
  const proxy = await startTokenProxy(new URL(url), TOKEN);
  const cli = createRequire(import.meta.url).resolve("@modelcontextprotocol/conformance/dist/index.js");
  let failed = 0;
  try {
    for (const scenario of scenarios) {
      const run = spawn(
        process.execPath,
        [
          cli,
          "server",
          "--url",
          proxy.url,
          "--scenario",
          scenario,
          "--expected-failures",
          join(root, "test", "conformance", "expected-failures.yml"),
        ],
        { stdio: "inherit", cwd: tmpdir() },
      );
      const [code] = (await once(run, "exit")) as [number | null];
      if (code !== 0) failed++;
      process.stderr.write(`conformance: ${scenario} ${code === 0 ? "ok" : "FAILED"}\n`);
    }
  } finally {
    await proxy.close();
    demo.kill("SIGTERM");
  }
  return failed === 0 ? 0 : 1;
}

/** The demo logs its URL on stderr once it listens. */
async function serverUrl(demo: ReturnType<typeof spawn>): Promise<string> {
  let seen = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo did not start: ${seen.slice(-500)}`)), 30_000);
    demo.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    demo.once("exit", () => reject(new Error(`the demo exited: ${seen.slice(-500)}`)));
  });
}

process.exitCode = await main();
