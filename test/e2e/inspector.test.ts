import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { useHttpDemo } from "../helpers/http-demo.js";

const ENTRY = "dist/bin/school-mcp.js";
const TOKEN = "inspector-token-0123456789abcdef";
const run = promisify(execFile);
const INSPECTOR = createRequire(import.meta.url).resolve("@modelcontextprotocol/inspector/package.json");
const CLI = INSPECTOR.replace(/package\.json$/, "clients/launcher/build/index.js");

async function inspector(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, [CLI, "--cli", ...args], { timeout: 60_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

const httpDemo = useHttpDemo(ENTRY, TOKEN);

describe("the MCP Inspector CLI", () => {
  const stdio = ["node", ENTRY, "demo", "--latency-ms", "0", "--jitter-ms", "0"];
  const overHttp = () => [
    "--transport",
    "http",
    "--server-url",
    httpDemo.url(),
    "--header",
    `Authorization: Bearer ${TOKEN}`,
  ];

  it("lists and calls tools over stdio", async () => {
    const list = await inspector([...stdio, "--method", "tools/list"]);
    expect((list["tools"] as { name: string }[]).map((t) => t.name)).toContain("list_connections");
    const call = await inspector([...stdio, "--method", "tools/call", "--tool-name", "list_connections"]);
    expect(call["isError"]).toBeFalsy();
    expect(JSON.stringify(call["content"])).toContain("connection(s)");
  }, 90_000);

  it("lists and calls tools over HTTP", async () => {
    const list = await inspector([...overHttp(), "--method", "tools/list"]);
    expect((list["tools"] as { name: string }[]).map((t) => t.name)).toContain("list_connections");
    const call = await inspector([
      ...overHttp(),
      "--method",
      "tools/call",
      "--tool-name",
      "list_connections",
    ]);
    expect(call["isError"]).toBeFalsy();
    expect(JSON.stringify(call["content"])).toContain("connection(s)");
  }, 90_000);
});
