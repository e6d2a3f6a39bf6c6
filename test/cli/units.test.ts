import { readFileSync } from "node:fs";
import type { Client } from "@modelcontextprotocol/client";
import { describe, expect, it } from "vitest";
import { ANSWER_GRACE_MS, callThrough } from "../../src/cli/commands/call.js";
import { envBoolean, envValue } from "../../src/cli/env.js";
import { compareVersions, nodeVersionProblem, REQUIRED_NODE } from "../../src/cli/node-version.js";
import { failureMessage } from "../../src/cli/run.js";
import { interpolateEnv } from "../../src/config/interpolate.js";
import { findJsonSyntaxProblem } from "../../src/config/json-syntax.js";
import { nearest } from "../../src/config/suggest.js";

describe("nearest", () => {
  it("suggests across case, separators, a typo and a swap, and not for a wild guess", () => {
    expect(nearest("readonly", ["readOnly", "tools"])).toBe("readOnly");
    expect(nearest("read_only", ["readOnly", "tools"])).toBe("readOnly");
    expect(nearest("attendence", ["attendance", "students"])).toBe("attendance");
    expect(nearest("lsit_students", ["list_students", "list_staff"])).toBe("list_students");
    expect(nearest("warning", ["debug", "info", "warn", "error"])).toBe("warn");
    expect(nearest("banana", ["readOnly", "tools", "cache"])).toBeUndefined();
  });
});

describe("findJsonSyntaxProblem", () => {
  const at = (text: string) => findJsonSyntaxProblem(text);

  it("is undefined for valid JSON", () => {
    expect(at('{"a": [1, -2.5e3, "x\\u00e9\\n", true, null], "b": {}}')).toBeUndefined();
  });

  it("gives the line and column of the first mistake and what it is", () => {
    expect(at('{\n  "a": 1,\n}')).toEqual({ line: 2, column: 9, reason: "trailing comma before '}'" });
    expect(at('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({
      line: 3,
      column: 3,
      reason: expect.stringMatching(/missing comma/),
    });
    expect(at("{\r\n  // note\r\n}")).toMatchObject({
      line: 2,
      column: 3,
      reason: "comments are not allowed in JSON",
    });
    expect(at("{'a': 1}")).toMatchObject({
      line: 1,
      column: 2,
      reason: expect.stringMatching(/double quotes/),
    });
    expect(at('{"path": "C:\\Users"}')).toMatchObject({
      line: 1,
      column: 13,
      reason: expect.stringMatching(/escape/),
    });
    expect(at('{"a": [1, 2')).toMatchObject({
      line: 1,
      column: 12,
      reason: expect.stringMatching(/end of the file/),
    });
    expect(at('{"a": 01}')).toMatchObject({ column: 7, reason: "invalid number" });
    expect(at('{"a": "line\nbreak"}')).toMatchObject({
      line: 1,
      column: 12,
      reason: expect.stringMatching(/line break/),
    });
    expect(at("{} {}")).toMatchObject({ column: 4, reason: expect.stringMatching(/after the end/) });
  });

  it("never repeats the text around the mistake, which may be a secret", () => {
    const problem = at('{"apiKey": ccapi_SECRET}');
    expect(JSON.stringify(problem)).not.toContain("SECRET");
  });
});

describe("Node.js version check", () => {
  it("requires what package.json's engines says", () => {
    const engines = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } })
      .engines;
    expect(engines.node.replace(/^>=\s*/, "")).toBe(REQUIRED_NODE.replace(/\.0$/, ""));
  });

  it("compares numerically and explains how to get a newer Node", () => {
    expect(compareVersions("22.19.0", "22.19.0")).toBe(0);
    expect(compareVersions("v22.9.0", "22.19.0")).toBe(-1);
    expect(compareVersions("24.0.0-pre", "22.19.0")).toBe(1);
    expect(nodeVersionProblem("22.19.0")).toBeUndefined();
    expect(nodeVersionProblem("24.1.0")).toBeUndefined();
    const problem = nodeVersionProblem("20.11.1");
    expect(problem).toContain("needs Node.js 22.19.0 or newer; this is Node.js 20.11.1");
    expect(problem).toContain("https://nodejs.org");
  });
});

describe("call", () => {
  it("waits for the tool deadline and its grace instead of the SDK client's 60 s", async () => {
    let timeout: number | undefined;
    const client = {
      listTools: async () => ({ tools: [{ name: "slow_tool", inputSchema: { type: "object" as const } }] }),
      callTool: async (_params: unknown, options?: { timeout?: number }) => {
        timeout = options?.timeout;
        return { content: [] };
      },
    } as unknown as Pick<Client, "listTools" | "callTool">;
    await callThrough(client, "slow_tool", {}, 300_000);
    expect(timeout).toBe(300_000 + ANSWER_GRACE_MS);
    expect(timeout).toBeGreaterThan(300_000);
  });
});

describe("environment values", () => {
  it("counts empty values and unfilled bundle placeholders as unset", () => {
    expect(envValue("X", { X: "" })).toBeUndefined();
    expect(envValue("X", { X: "${user_config.read_only}" })).toBeUndefined();
    expect(envValue("X", { X: " on " })).toBe("on");
    expect(envBoolean("X", { X: "${user_config.read_only}" })).toBeUndefined();
    expect(envBoolean("X", { X: "YES" })).toBe(true);
    expect(envBoolean("X", { X: "0" })).toBe(false);
    expect(() => envBoolean("X", { X: "maybe" })).toThrow(/X: "maybe" is not a yes or no/);
    expect(() => interpolateEnv("${KEY}", { KEY: "${user_config.centrecareos_api_key}" })).toThrow(
      /environment variable KEY is not set/,
    );
  });
});

describe("failure messages", () => {
  it("names a port in use, a port not allowed and an address not here", () => {
    const listen = (code: string) =>
      Object.assign(new Error(code), { code, syscall: "listen", address: "127.0.0.1", port: 80 });
    expect(failureMessage(listen("EADDRINUSE"))).toMatch(/^port 80 on 127\.0\.0\.1 is already in use/);
    expect(failureMessage(listen("EACCES"))).toMatch(/not allowed to listen on 127\.0\.0\.1:80/);
    expect(failureMessage(listen("EADDRNOTAVAIL"))).toMatch(/no such address/);
    expect(failureMessage(new Error("boom"))).toMatch(/unexpected failure/);
  });
});
