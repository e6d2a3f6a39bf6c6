import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configJsonSchema } from "../../src/config/json-schema.js";
import { loadConfigFile, parseConfig, resolveConfigPath } from "../../src/config/load.js";
import { ConfigurationError } from "../../src/errors.js";

const KEY = `ccapi_${"A1b2C3d4".repeat(4)}`;

function errorOf(raw: unknown, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfig(raw, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("expected a configuration error");
}

describe("configuration", () => {
  it("accepts the documented shape and fills defaults", () => {
    const config = parseConfig({
      connections: {
        "little-acorns": { provider: "centrecareos", apiKey: KEY, scopes: ["students:read", "parents:read"] },
        "st-marys": { provider: "hubmis", clientId: "id", clientSecret: "secret", realm: "S999" },
        jamie: { provider: "classcharts", role: "parent", email: "p@example.org", password: "pw" },
      },
    });
    expect(config.readOnly).toBe(false);
    expect(config.cache.store).toBe("memory");
    expect(config.http).toMatchObject({ host: "127.0.0.1", port: 3000, tokens: [] });
  });

  it("names the key path of every problem", () => {
    const message = errorOf({
      connections: {
        "st-marys": { provider: "hubmis", clientId: "id", clientSecret: "secret" },
        nursery: { provider: "centrecareos", apiKey: "ccapi_short" },
        other: { provider: "schoolbase" },
      },
      colour: "blue",
    });
    expect(message).toContain("connections.st-marys.realm: required");
    expect(message).toContain(
      "connections.nursery.apiKey: must be 'ccapi_' followed by 32 letters or digits",
    );
    expect(message).toContain("connections.other.provider: must be one of centrecareos, hubmis, classcharts");
    expect(message).toContain("colour: unknown key");
  });

  it("never prints a secret's value", () => {
    const badKey = "ccapi_THIS-IS-SECRET-but-malformed";
    const message = errorOf({
      connections: { n: { provider: "centrecareos", apiKey: badKey } },
      http: { tokens: [{ name: "office", token: "short-secret" }] },
    });
    expect(message).not.toContain(badKey);
    expect(message).not.toContain("short-secret");
    expect(message).toContain("http.tokens.0.token");
  });

  it("interpolates ${VAR} and names the path of a missing variable", () => {
    const raw = { connections: { n: { provider: "centrecareos", apiKey: "${CCOS_KEY}" } } };
    const config = parseConfig(raw, { CCOS_KEY: KEY });
    expect(config.connections["n"]).toMatchObject({ apiKey: KEY });
    expect(errorOf(raw, {})).toBe("connections.n.apiKey: environment variable CCOS_KEY is not set");
  });

  it("finds the file: --config, then SCHOOL_MCP_CONFIG, then ./mcp.config.json", () => {
    expect(resolveConfigPath("/x/a.json", { SCHOOL_MCP_CONFIG: "/y/b.json" })).toBe("/x/a.json");
    expect(resolveConfigPath(undefined, { SCHOOL_MCP_CONFIG: "/y/b.json" })).toBe("/y/b.json");
    expect(resolveConfigPath(undefined, {})).toBe(join(process.cwd(), "mcp.config.json"));
    const dir = mkdtempSync(join(tmpdir(), "school-mcp-config-"));
    writeFileSync(join(dir, "broken.json"), "{ not json");
    expect(() => loadConfigFile(join(dir, "broken.json"))).toThrow(
      /broken\.json:1:3: invalid JSON: expected a property name in double quotes/,
    );
    expect(() => loadConfigFile(join(dir, "missing.json"))).toThrow(/config file not found/);
  });

  it("an unknown key names the nearest key valid at its place", () => {
    const message = errorOf({
      connections: {
        nursery: { provider: "centrecareos", apikey: KEY },
        jamie: { provider: "classcharts", role: "student", code: "ABC123", dateofbirth: "2012-01-01" },
      },
      readonly: true,
      cache: { stor: "memory" },
      http: { tokens: [{ name: "office", tokn: "x".repeat(20) }] },
      zzz: 1,
    });
    expect(message).toContain('readonly: unknown key (did you mean "readOnly"?)');
    expect(message).toContain('cache.stor: unknown key (did you mean "store"?)');
    expect(message).toContain('connections.nursery.apikey: unknown key (did you mean "apiKey"?)');
    expect(message).toContain('connections.jamie.dateofbirth: unknown key (did you mean "dateOfBirth"?)');
    expect(message).toContain('http.tokens.0.tokn: unknown key (did you mean "token"?)');
    expect(message).toMatch(/^zzz: unknown key$/m);
  });

  it("a JSON syntax error gives the file, line and column, and a byte-order mark is no error", () => {
    const dir = mkdtempSync(join(tmpdir(), "school-mcp-config-"));
    writeFileSync(join(dir, "comma.json"), `{\n  "connections": {\n    "a": 1,\n  }\n}\n`);
    expect(() => loadConfigFile(join(dir, "comma.json"))).toThrow(
      `${join(dir, "comma.json")}:3:11: invalid JSON: trailing comma before '}'`,
    );
    writeFileSync(join(dir, "bom.json"), `\uFEFF${JSON.stringify({ connections: {} })}`);
    expect(loadConfigFile(join(dir, "bom.json")).connections).toEqual({});
  });

  it("a bundle field left empty (${user_config.x}) counts as unset", () => {
    expect(resolveConfigPath(undefined, { SCHOOL_MCP_CONFIG: "${user_config.config_file}" })).toBe(
      join(process.cwd(), "mcp.config.json"),
    );
    expect(
      errorOf(
        { connections: { n: { provider: "centrecareos", apiKey: "${K}" } } },
        { K: "${user_config.k}" },
      ),
    ).toContain("connections.n.apiKey: environment variable K is not set");
  });

  it("the example config is valid once its variables are set", () => {
    const example = JSON.parse(readFileSync("mcp.config.example.json", "utf8"));
    const env = {
      CENTRECAREOS_API_KEY: KEY,
      HUBMIS_CLIENT_ID: "id",
      HUBMIS_CLIENT_SECRET: "secret",
      CLASSCHARTS_EMAIL: "parent@example.org",
      CLASSCHARTS_PASSWORD: "pw",
      SCHOOL_MCP_TOKEN: "a-long-enough-token-1234",
    };
    expect(() => parseConfig(example, env)).not.toThrow();
  });

  it("config.schema.json matches the schema (regenerate with UPDATE_SNAPSHOTS=1)", () => {
    const current = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (process.env["UPDATE_SNAPSHOTS"]) writeFileSync("config.schema.json", current);
    expect(readFileSync("config.schema.json", "utf8")).toBe(current);
  });
});
