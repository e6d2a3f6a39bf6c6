import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENT } from "../../src/cli/usage.js";
import { cli, ENTRY, KEY, NURSERY, toolNames, writeConfig } from "./run-cli.js";

const VERSION = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;
const env = { TEST_CCOS_KEY: KEY };

describe("--version and --help", { timeout: 120_000 }, () => {
  it("--version and -v print the package version on stdout and exit 0", async () => {
    for (const flag of ["--version", "-v"]) {
      const result = await cli([flag]);
      expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
    }
  });

  it("--help and -h print the usage and every environment variable on stdout and exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const result = await cli([flag]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain("school-mcp serve");
      for (const { name } of ENVIRONMENT) expect(result.stdout).toContain(name);
    }
    expect(ENVIRONMENT.map((entry) => entry.name)).toEqual(
      expect.arrayContaining([
        "SCHOOL_MCP_READ_ONLY",
        "SCHOOL_MCP_TOOLSETS",
        "SCHOOL_MCP_TOOLS",
        "SCHOOL_MCP_EXCLUDE_TOOLS",
        "SCHOOL_MCP_LOG_LEVEL",
        "SCHOOL_MCP_TOKEN",
      ]),
    );
  });

  it("without a command prints the usage on stderr and exits 2", async () => {
    const result = await cli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Usage:");
  });

  it("a mistyped command or option is refused with the nearest valid one", async () => {
    const command = await cli(["serv"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "serv" (did you mean "serve"?)');
    const option = await cli(["tools", "--demo", "--exclude-tool", "send_message"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('unknown option --exclude-tool (did you mean "--exclude-tools"?)');
  });
});

describe("output into a pipe closed early (school-mcp tools | head -1)", { timeout: 120_000 }, () => {
  it("exits 0 without a stack trace", async () => {
    const child = spawn(process.execPath, [ENTRY, "tools", "--demo", "--latency-ms", "0"], {
      env: { ...process.env, SCHOOL_MCP_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.once("data", () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  });
});

describe("README", { timeout: 120_000 }, () => {
  it("documents every environment variable in one table", () => {
    const readme = readFileSync("README.md", "utf8");
    const rows = readme.split("\n").filter((line) => /^\| `SCHOOL_MCP_[A-Z_]+` \|/.test(line));
    expect(rows.map((row) => /`(SCHOOL_MCP_[A-Z_]+)`/.exec(row)?.[1]).sort()).toEqual(
      ENVIRONMENT.map((entry) => entry.name).sort(),
    );
  });
});

describe("tool narrowing: flags, their environment variables and the config", { timeout: 120_000 }, () => {
  const path = writeConfig(NURSERY);

  it("--exclude-tools and SCHOOL_MCP_EXCLUDE_TOOLS hide the tools they name", async () => {
    const all = toolNames(await cli(["tools", "--config", path, "--json"], env));
    expect(all).toEqual(expect.arrayContaining(["send_message", "record_attendance", "list_students"]));
    const flag = toolNames(
      await cli(
        ["tools", "--config", path, "--json", "--exclude-tools", "send_message,record_attendance"],
        env,
      ),
    );
    expect(flag).not.toContain("send_message");
    expect(flag).not.toContain("record_attendance");
    expect(flag).toContain("list_students");
    const variable = toolNames(
      await cli(["tools", "--config", path, "--json"], { ...env, SCHOOL_MCP_EXCLUDE_TOOLS: "send_message" }),
    );
    expect(variable).not.toContain("send_message");
    expect(variable).toContain("record_attendance");
  });

  it("exclusions from the config and the command line add up", async () => {
    const both = writeConfig({ ...NURSERY, excludeTools: ["record_attendance"] });
    const names = toolNames(
      await cli(["tools", "--config", both, "--json", "--exclude-tools", "send_message"], env),
    );
    expect(names).not.toContain("record_attendance");
    expect(names).not.toContain("send_message");
  });

  it("SCHOOL_MCP_READ_ONLY, SCHOOL_MCP_TOOLSETS and SCHOOL_MCP_TOOLS act as their flags", async () => {
    const readOnly = toolNames(
      await cli(["tools", "--config", path, "--json"], { ...env, SCHOOL_MCP_READ_ONLY: "true" }),
    );
    expect(readOnly).toContain("list_messages");
    expect(readOnly).not.toContain("send_message");
    expect(readOnly).not.toContain("record_attendance");
    const toolsets = toolNames(
      await cli(["tools", "--config", path, "--json"], { ...env, SCHOOL_MCP_TOOLSETS: "attendance" }),
    );
    expect(toolsets).toEqual([
      "list_connections",
      "daily_summary",
      "get_attendance",
      "record_attendance",
      "diagnose_connection",
    ]);
    const tools = toolNames(
      await cli(["tools", "--config", path, "--json"], { ...env, SCHOOL_MCP_TOOLS: "list_students" }),
    );
    expect(tools).toEqual(["list_connections", "list_students", "diagnose_connection"]);
  });

  it("a flag wins over its variable", async () => {
    const names = toolNames(
      await cli(["tools", "--config", path, "--json", "--tools", "get_attendance"], {
        ...env,
        SCHOOL_MCP_TOOLS: "list_students",
      }),
    );
    expect(names).toEqual(["list_connections", "get_attendance", "diagnose_connection"]);
  });

  it("a read-only value that is neither yes nor no is refused", async () => {
    const result = await cli(["tools", "--config", path], { ...env, SCHOOL_MCP_READ_ONLY: "treu" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SCHOOL_MCP_READ_ONLY: "treu" is not a yes or no (did you mean "true"?)');
  });

  it("unknown toolsets and tools are refused with the nearest valid name, wherever they come from", async () => {
    const flag = await cli(["tools", "--config", path, "--toolsets", "attendence"], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--toolsets: unknown toolset "attendence" (did you mean "attendance"?)');
    const variable = await cli(["tools", "--config", path], { ...env, SCHOOL_MCP_TOOLS: "list_studnts" });
    expect(variable.code).toBe(2);
    expect(variable.stderr).toContain(
      'SCHOOL_MCP_TOOLS: unknown tool "list_studnts" (did you mean "list_students"?)',
    );
    const excluded = await cli(["tools", "--config", path, "--exclude-tools", "send_mesage"], env);
    expect(excluded.stderr).toContain(
      '--exclude-tools: unknown tool "send_mesage" (did you mean "send_message"?)',
    );
    const configured = writeConfig({ ...NURSERY, toolsets: ["wellbeeing"], tools: ["nonsense_tool_name"] });
    const fromConfig = await cli(["tools", "--config", configured], env);
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.stderr).toContain(
      `${configured}: toolsets: unknown toolset "wellbeeing" (did you mean "wellbeing"?)`,
    );
    // No near name: the list of valid ones instead of a guess.
    expect(fromConfig.stderr).toMatch(
      /tools: unknown tool "nonsense_tool_name"\. Known tools: list_connections, /,
    );
    const call = await cli(["call", "list_studens", "--demo", "--latency-ms", "0"]);
    expect(call.code).toBe(2);
    expect(call.stderr).toContain(
      'unknown or unavailable tool "list_studens" (did you mean "list_students"?)',
    );
  });
});

describe("logging level", { timeout: 120_000 }, () => {
  it("SCHOOL_MCP_LOG_LEVEL and --log-level set what reaches stderr; a wrong level is refused", async () => {
    const args = ["call", "list_connections", "--demo", "--latency-ms", "0"];
    const info = await cli(args, { SCHOOL_MCP_LOG_LEVEL: "info" });
    expect(info.code).toBe(0);
    expect(info.stderr).toContain('"level":"info"');
    const quiet = await cli(args, { SCHOOL_MCP_LOG_LEVEL: "error" });
    expect(quiet.stderr).not.toContain('"level":"info"');
    const flag = await cli([...args, "--log-level", "error"], { SCHOOL_MCP_LOG_LEVEL: "info" });
    expect(flag.stderr).not.toContain('"level":"info"');
    const wrong = await cli(args, { SCHOOL_MCP_LOG_LEVEL: "warning" });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'SCHOOL_MCP_LOG_LEVEL: unknown log level "warning" (did you mean "warn"?)',
    );
  });
});

describe("configuration file mistakes", { timeout: 120_000 }, () => {
  it("a JSON syntax error names the file, line and column", async () => {
    const path = writeConfig('{\n  "connections": {},\n  "readOnly": true,\n}\n');
    const result = await cli(["tools", "--config", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path}:3:19: invalid JSON: trailing comma before '}'`);
  });

  it("an unknown key names the nearest valid one", async () => {
    const path = writeConfig({ connections: {}, readonly: true });
    const result = await cli(["tools", "--config", path]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('readonly: unknown key (did you mean "readOnly"?)');
  });
});

describe("HTTP", { timeout: 120_000 }, () => {
  let blocker: Server;
  let port: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
  });

  it("a port in use is named as such, with what to do, and exits 2", async () => {
    const result = await cli(["demo", "--http", "--port", String(port), "--latency-ms", "0"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(result.stderr).toContain("--port");
    expect(result.stderr).not.toContain("unexpected failure");
  });

  it("a demo token from SCHOOL_MCP_TOKEN shorter than 16 characters is refused", async () => {
    const result = await cli(["demo", "--http", "--port", "0"], { SCHOOL_MCP_TOKEN: "short" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("SCHOOL_MCP_TOKEN must be at least 16 characters");
  });
});
