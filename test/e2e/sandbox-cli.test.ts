import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ENTRY = "dist/bin/school-mcp.js";
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill("SIGTERM");
});

/** Starts `school-mcp sandbox` and collects stdout until the ready config has been printed whole. */
function startSandboxCommand(): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [ENTRY, "sandbox"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const timer = setTimeout(() => reject(new Error(`sandbox did not print its config:\n${out}`)), 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (/\n}\n$/.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    });
    child.once("exit", (code) => reject(new Error(`sandbox exited ${code}`)));
  });
}

describe("school-mcp sandbox", () => {
  it("prints working URLs and a config that `school-mcp check` accepts", async () => {
    const out = await startSandboxCommand();
    const urls = [...out.matchAll(/^\s+(centrecareos|hubmis|classcharts)\s+(http:\/\/\S+)$/gm)].map(
      (m) => m[2] as string,
    );
    expect(urls).toHaveLength(3);
    for (const url of urls) {
      const stats = await fetch(`${url}/__sandbox/stats`);
      expect(stats.status).toBe(200);
    }
    const config = JSON.parse(out.slice(out.indexOf("{\n")));
    expect(Object.keys(config.connections).sort()).toEqual(
      ["classcharts-parent", "classcharts-student", "little-acorns", "oakfield"].sort(),
    );
    const dir = mkdtempSync(join(tmpdir(), "school-mcp-sandbox-"));
    const path = join(dir, "mcp.config.json");
    writeFileSync(path, JSON.stringify(config));
    const { stdout } = await promisify(execFile)(process.execPath, [ENTRY, "check", "--config", path], {
      env: { ...process.env, SCHOOL_MCP_LOG_LEVEL: "warn" },
    });
    expect(stdout.match(/\bok\b/g)).toHaveLength(4);
    expect(stdout).not.toMatch(/FAIL/);
  });
});
