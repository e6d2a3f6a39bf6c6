import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import {
  ConfigurationError,
  InvalidResponseError,
  MissingUpstreamScopeError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  UserInputError,
} from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { createCentreCareOsConnector } from "../../src/providers/centrecareos/connector.js";
import type {
  CentreCareOsSandbox,
  CentreCareOsSandboxOptions,
} from "../../src/sandbox/centrecareos/index.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { type CentreCareOsHarness, callContext, startCentreCareOsHarness } from "./centrecareos-harness.js";

/** Every error code in the portal's table, as the connector reports it. */
const ctx = callContext();
const opened: CentreCareOsHarness[] = [];
afterEach(async () => {
  for (const harness of opened.splice(0)) await harness.close();
});

type KeyName = keyof CentreCareOsSandbox["keys"];

async function setup(key: KeyName = "full", options: Partial<CentreCareOsSandboxOptions> = {}) {
  const harness = await startCentreCareOsHarness({ seed: 51, key, sandbox: options });
  opened.push(harness);
  return harness;
}

describe("400 VALIDATION_ERROR", () => {
  it("becomes a UserInputError carrying the provider's message", async () => {
    const { connector } = await setup();
    const attempt = connector.saveStudent({ id: "stu_1001", dateOfBirth: "2999-01-01" }, ctx);
    await expect(attempt).rejects.toBeInstanceOf(UserInputError);
    await expect(attempt).rejects.toThrow(
      'CentreCareOS refused the request; its own words, quoted as data: "dateOfBirth must not be in the future"',
    );
  });
});

describe("401 INVALID_API_KEY", () => {
  it("says CentreCareOS rejected the API key, after a single request", async () => {
    const { sandbox, connector } = await setup("revoked");
    const attempt = connector.check(ctx);
    await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(attempt).rejects.toThrow(/^CentreCareOS rejected the API key/);
    await expect(attempt).rejects.not.toThrow(sandbox.keys.revoked);
    expect(sandbox.server.stats.requests).toBe(1);
  });

  it("refuses a malformed key at config load, before any request", () => {
    const raw = { connections: { a: { provider: "centrecareos", apiKey: "ccapi_tooshort" } } };
    expect(() => parseConfig(raw, {})).toThrow(ConfigurationError);
    expect(() => parseConfig(raw, {})).toThrow(/apiKey/);
    expect(() =>
      createCentreCareOsConnector(
        "a",
        { provider: "centrecareos", apiKey: "ccapi_tooshort" },
        { logger: silentLogger, cache: createSharedCache("memory"), cacheSensitive: false },
      ),
    ).toThrow(ConfigurationError);
  });
});

describe("403 INVALID_SCOPE", () => {
  it("names the upstream scope the key lacks", async () => {
    const { connector } = await setup("no-billing");
    const attempt = connector.listInvoices({}, ctx);
    await expect(attempt).rejects.toBeInstanceOf(MissingUpstreamScopeError);
    await expect(attempt).rejects.toMatchObject({ scope: "billing:read" });
    await expect(connector.listStudents({}, ctx)).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it("refuses writes with a read-only key, naming attendance:write", async () => {
    const { sandbox, connector } = await setup("read-only");
    const { store } = sandbox.state;
    const present = store.attendance().find((r) => r.date === store.today() && !r.checkOutAt);
    if (!present) throw new Error("a child should be in at the harness's ordinary morning");
    const attempt = connector.recordAttendance({ studentId: present.studentId, action: "check_out" }, ctx);
    await expect(attempt).rejects.toMatchObject({ scope: "attendance:write" });
  });
});

describe("404 NOT_FOUND", () => {
  it("names the id that does not exist", async () => {
    const { connector } = await setup();
    const attempt = connector.getInvoice("inv_31337", ctx);
    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    await expect(attempt).rejects.toThrow("inv_31337");
  });
});

describe("429 RATE_LIMITED", () => {
  it("reports how long to wait instead of hanging when the upstream's hour is spent", async () => {
    const { connector } = await setup("full", { limits: { perHour: 2 } });
    await connector.check(ctx);
    await connector.check(ctx);
    const started = Date.now();
    const attempt = connector.check(ctx);
    await expect(attempt).rejects.toBeInstanceOf(RateLimitedError);
    const error = (await attempt.catch((e: unknown) => e)) as RateLimitedError;
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("500 INTERNAL_ERROR", () => {
  it("retries a read once past a passing failure, and reports a lasting one as unavailable", async () => {
    const { sandbox, connector } = await setup();
    sandbox.state.failNext = 1;
    await expect(connector.getInvoice("inv_5001", ctx)).resolves.toMatchObject({ id: "inv_5001" });
    sandbox.state.failNext = 10;
    await expect(connector.getInvoice("inv_5002", ctx)).rejects.toBeInstanceOf(UnavailableError);
  });
});

describe("unreadable answers", () => {
  it("fails with a typed error on malformed JSON or an unexpected record, never echoing it", async () => {
    const { sandbox, connector } = await setup();
    sandbox.faults.script("malformed");
    await expect(connector.getInvoice("inv_5001", ctx)).rejects.toBeInstanceOf(InvalidResponseError);
    const student = sandbox.state.store.data.students[0];
    if (!student) throw new Error("no students");
    (student as unknown as { firstName: unknown }).firstName = { secret: "Do not echo" };
    const attempt = connector.getStudent(student.id, ctx);
    await expect(attempt).rejects.toBeInstanceOf(InvalidResponseError);
    await expect(attempt).rejects.toThrow(/firstName/);
    await expect(attempt).rejects.not.toThrow(/Do not echo/);
  });
});
