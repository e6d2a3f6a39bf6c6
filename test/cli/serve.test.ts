import { spawn } from "node:child_process";
import type { CallToolResult } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { describe, expect, it } from "vitest";
import { ENTRY, KEY, NURSERY, writeConfig } from "./run-cli.js";

/** Starts `demo --http` and resolves with its stdout once the banner is complete; then stops it. */
function demoBanner(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, "demo", "--http", "--port", "0", "--latency-ms", "0"], {
      env: { ...process.env, SCHOOL_MCP_LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no banner: ${err}`));
    }, 30_000);
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("Ctrl-C stops it.")) {
        clearTimeout(timer);
        child.once("exit", () => resolve(out));
        child.kill("SIGTERM");
      }
    });
  });
}

describe("demo over HTTP", { timeout: 120_000 }, () => {
  it("prints how to keep its generated token with SCHOOL_MCP_TOKEN", async () => {
    // Empty counts as unset.
    const out = await demoBanner({ SCHOOL_MCP_TOKEN: "" });
    const token = /Bearer token: {2}(\S+)/.exec(out)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(out).toContain("To keep one, set SCHOOL_MCP_TOKEN");
    expect(out).toContain(`SCHOOL_MCP_TOKEN=${token} school-mcp demo --http`);
  });

  it("uses SCHOOL_MCP_TOKEN when set, and then needs no hint", async () => {
    const out = await demoBanner({ SCHOOL_MCP_TOKEN: "a-kept-demo-token-0123456789" });
    expect(out).toContain("(from SCHOOL_MCP_TOKEN)");
    expect(out).not.toContain("To keep one");
    expect(out).not.toContain("a-kept-demo-token-0123456789");
  });
});

/** Connects an SDK client to a spawned entry point over stdio and lists the connections it serves. */
async function connectionsServedBy(entry: string, env: Record<string, string>): Promise<string[]> {
  const base = { ...process.env } as Record<string, string>;
  delete base["SCHOOL_MCP_CONFIG"];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [entry],
    stderr: "pipe",
    env: { ...base, SCHOOL_MCP_LOG_LEVEL: "warn", ...env },
  });
  const client = new Client({ name: "bundle-entry-test", version: "1" });
  await client.connect(transport);
  try {
    const result = (await client.callTool({ name: "list_connections", arguments: {} })) as CallToolResult;
    const listed = (result.structuredContent as { connections: { connection: string }[] }).connections;
    return listed.map((c) => c.connection).sort();
  } finally {
    await client.close();
  }
}

describe("the Claude Desktop bundle's entry", { timeout: 120_000 }, () => {
  const bundleEntry = "dist/bin/bundle.js";

  it("runs the demo when no configuration file was chosen, even as an unfilled placeholder", async () => {
    const demo = ["classcharts-parent", "classcharts-student", "little-acorns", "oakfield"];
    expect(await connectionsServedBy(bundleEntry, {})).toEqual(demo);
    expect(
      await connectionsServedBy(bundleEntry, { SCHOOL_MCP_CONFIG: "${user_config.config_file}" }),
    ).toEqual(demo);
  });

  it("serves the chosen configuration file, its secrets from the environment", async () => {
    const path = writeConfig(NURSERY);
    expect(await connectionsServedBy(bundleEntry, { SCHOOL_MCP_CONFIG: path, TEST_CCOS_KEY: KEY })).toEqual([
      "nursery",
    ]);
  });
});
