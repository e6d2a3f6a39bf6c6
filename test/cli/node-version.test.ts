import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compareVersions, REQUIRED_NODE } from "../../src/cli/node-version.js";
import { cli } from "./run-cli.js";

/** Makes this Node report an older version before the entry point runs, as Node 20 would. */
const PRETEND_NODE_20 = [
  "--import",
  `data:text/javascript,Object.defineProperty(process,"versions",{value:{...process.versions,node:"20.11.1"}})`,
];

/** A Node older than required on this machine (Debian's is 20), to try the real thing when there is one. */
function olderNode(): string | undefined {
  for (const candidate of ["/usr/bin/node", "/usr/local/bin/node"]) {
    try {
      const version = execFileSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" }).trim();
      if (compareVersions(version, REQUIRED_NODE) < 0) return candidate;
    } catch {}
  }
  return undefined;
}

describe("an older Node.js", { timeout: 120_000 }, () => {
  it("is told the version needed and how to get it, before anything loads undici", async () => {
    // A hook records every module the entry point imports: none may be undici or the server.
    const hook = [
      "--import",
      `data:text/javascript,import{registerHooks}from"node:module";registerHooks({resolve(s,c,n){const r=n(s,c);if(/undici|modelcontextprotocol|dist\\/src\\/(server|upstream|providers)/.test(r.url))process.stderr.write("LOADED "+r.url+"\\n");return r}})`,
    ];
    for (const args of [["demo"], ["serve", "--config", "x.json"], ["--version"]]) {
      const result = await cli(args, {}, { nodeArgs: [...PRETEND_NODE_20, ...hook] });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(
        `school-mcp needs Node.js ${REQUIRED_NODE} or newer; this is Node.js 20.11.1`,
      );
      expect(result.stderr).toContain("https://nodejs.org");
      expect(result.stderr).not.toContain("LOADED");
    }
  });

  const old = olderNode();
  it.runIf(old !== undefined)("a real one prints the same instead of crashing", async () => {
    const result = await cli(["demo"], {}, { node: old! });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`school-mcp needs Node.js ${REQUIRED_NODE} or newer`);
    expect(result.stderr).not.toMatch(/TypeError|Cannot read properties/);
  });
});
