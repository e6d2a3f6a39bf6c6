import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CallContext, Connector, ConnectorOperations } from "../../src/domain/connector.js";
import { SCOPES } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import type { CentreCareOsConnection } from "../../src/providers/centrecareos/config.js";
import { createCentreCareOsConnector } from "../../src/providers/centrecareos/connector.js";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { recordingCache } from "./recording-cache.js";

let sandbox: CentreCareOsSandbox;
let connector: Connector & ConnectorOperations;
let store: ReturnType<typeof recordingCache>;
const clock = createClock(1, "2026-12-07T10:00:00Z");
const withSensitive: CallContext = { scopes: new Set(SCOPES), caller: "t", logger: silentLogger };
const withoutSensitive: CallContext = {
  scopes: new Set(SCOPES.filter((s) => s !== "sensitive:read")),
  caller: "t",
  logger: silentLogger,
};

beforeAll(async () => {
  sandbox = await startCentreCareOsSandbox({ seed: 1, clock });
  store = recordingCache();
  connector = createCentreCareOsConnector(
    "little-acorns",
    sandbox.connections["little-acorns"] as CentreCareOsConnection,
    { logger: silentLogger, cache: store.cache, cacheSensitive: false, clock },
  ) as Connector & ConnectorOperations;
});

afterAll(async () => {
  await connector.close();
  await store.cache.close();
  await sandbox.close();
});

describe("CentreCareOS rosters are cached without their medical fields", () => {
  it("answers a second room list from the cache, and no cached entry holds allergies or medical notes", async () => {
    const first = await connector.listStudents({ groupId: "Robins" }, withoutSensitive);
    const before = sandbox.server.stats.requests;
    const second = await connector.listStudents({ groupId: "Robins" }, withoutSensitive);
    expect(sandbox.server.stats.requests - before).toBe(0);
    expect(second.items.map((s) => s.id)).toEqual(first.items.map((s) => s.id));
    expect(first.items.length).toBeGreaterThan(0);
    const rosterEntries = [...store.written.values()].filter((v) => v.includes("firstName"));
    expect(rosterEntries.length).toBeGreaterThan(0);
    for (const entry of rosterEntries) expect(entry).not.toMatch(/allerg|medical/i);
  });

  it("still gives a sensitive:read caller the child's allergies, fetched and not cached (config says no)", async () => {
    const allergic = sandbox.state.store.data.students.find((s) => s.allergies.length > 0);
    expect(allergic).toBeDefined();
    const id = allergic?.id ?? "";
    const full = await connector.getStudent(id, withSensitive);
    expect(JSON.stringify(full)).toContain(allergic?.allergies[0]);
    const before = sandbox.server.stats.requests;
    await connector.getStudent(id, withSensitive);
    expect(sandbox.server.stats.requests - before).toBeGreaterThan(0);
    // The caller without the scope gets the projection, from the cache after its first read.
    const plain = await connector.getStudent(id, withoutSensitive);
    expect(JSON.stringify(plain)).not.toContain(allergic?.allergies[0]);
    for (const entry of store.written.values()) expect(entry).not.toMatch(/allerg/i);
  });
});
