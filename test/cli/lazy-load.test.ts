import { describe, expect, it } from "vitest";
import { REDIS_URL, requireRedisInCi } from "../helpers/redis.js";
import { cli, KEY, NURSERY, writeConfig } from "./run-cli.js";

/** Reports every module a command imports, on stderr, so a test can see what a command loaded. */
const RECORD_IMPORTS = [
  "--import",
  `data:text/javascript,import{registerHooks}from"node:module";registerHooks({resolve(s,c,n){const r=n(s,c);process.stderr.write("IMPORTED "+r.url+"\\n");return r}})`,
];

async function imported(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const result = await cli(args, env, { nodeArgs: RECORD_IMPORTS });
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return result.stderr
    .split("\n")
    .filter((line) => line.startsWith("IMPORTED "))
    .map((line) => line.slice("IMPORTED ".length));
}

const has = (urls: string[], pattern: RegExp) => urls.some((url) => pattern.test(url));
const REDIS = /node_modules\/@keyv\/redis\//;
const SANDBOX = /dist\/src\/sandbox\/(?!common\/variants\.js)/;
const env = { TEST_CCOS_KEY: KEY };
const hasRedis = await requireRedisInCi("the Redis loading test");

describe("each command loads what it needs", { timeout: 120_000 }, () => {
  it("--version and --help load neither the server, the SDK, zod nor undici", async () => {
    for (const flag of ["--version", "--help"]) {
      const urls = await imported([flag]);
      expect(urls.length).toBeGreaterThan(0);
      expect(urls.filter((url) => SANDBOX.test(url))).toEqual([]);
      expect(
        urls.filter((url) => /node_modules|dist\/src\/(server|upstream|providers)\/|dist\/tools\//.test(url)),
      ).toEqual([]);
    }
  });

  it("a configuration over the memory store loads neither Redis nor the sandbox, and only its providers", async () => {
    const urls = await imported(["tools", "--config", writeConfig(NURSERY), "--json"], env);
    expect(has(urls, /dist\/src\/providers\/centrecareos\//)).toBe(true);
    expect(has(urls, REDIS)).toBe(false);
    expect(has(urls, SANDBOX)).toBe(false);
    // Every descriptor (name, settings) loads; only the configured provider's connector does.
    expect(has(urls, /dist\/src\/providers\/(hubmis|classcharts)\/(?!provider\.js|config\.js)/)).toBe(false);
  });

  it.runIf(hasRedis)("a redis:// store loads the Redis client", async () => {
    const config = writeConfig({ ...NURSERY, cache: { store: REDIS_URL } });
    const urls = await imported(["tools", "--config", config, "--json"], env);
    expect(has(urls, REDIS)).toBe(true);
  });

  it("the demo loads the sandbox and every provider", async () => {
    const urls = await imported(["call", "list_connections", "--demo", "--latency-ms", "0"]);
    expect(has(urls, SANDBOX)).toBe(true);
    expect(has(urls, /dist\/src\/providers\/hubmis\//)).toBe(true);
    expect(has(urls, REDIS)).toBe(false);
  });
});
