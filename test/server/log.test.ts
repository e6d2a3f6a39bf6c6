import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.js";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", write: (line) => lines.push(line) });
  return { logger, lines };
}

describe("logger", () => {
  it("writes one JSON object a line with level, message and fields", () => {
    const { logger, lines } = capture();
    logger.child({ connection: "oakfield" }).info("tool call", { tool: "list_students", ms: 12 });
    const record = JSON.parse(lines[0] as string);
    expect(record).toMatchObject({
      level: "info",
      msg: "tool call",
      connection: "oakfield",
      tool: "list_students",
      ms: 12,
    });
  });

  it("redacts Authorization, cookies, apiKey, clientSecret, password and tokens at any depth", () => {
    const { logger, lines } = capture();
    const secrets = {
      authorization: "Bearer abc.def.ghi",
      cookie: "parent_session_credentials=%7B%22session_id%22%3A%22s3cr3t%22%7D",
      apiKey: `ccapi_${"k".repeat(32)}`,
      clientSecret: "hubmis-client-secret",
      password: "hunter2-parent",
      token: "demo-token-value",
      nested: {
        headers: { Authorization: "Basic sessionid123", "set-cookie": ["a=b"] },
        tokens: ["t1", "t2"],
      },
    };
    logger.warn("upstream request", secrets);
    const line = lines[0] as string;
    for (const value of [
      "abc.def.ghi",
      "s3cr3t",
      "k".repeat(32),
      "hubmis-client-secret",
      "hunter2-parent",
      "demo-token-value",
      "sessionid123",
      "t1",
    ]) {
      expect(line).not.toContain(value);
    }
    expect(JSON.parse(line).nested.headers.Authorization).toBe("[redacted]");
  });

  it("strips credentials that slipped into free text", () => {
    const { logger, lines } = capture();
    logger.error(`failed with Authorization: Bearer eyJhbGciOi.x.y and key ccapi_${"A".repeat(32)}`);
    expect(lines[0]).not.toMatch(/eyJhbGciOi|AAAAAAAA/);
  });

  it("respects the level", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", write: (line) => lines.push(line) });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["loud"]);
  });
});
