import { pathToFileURL } from "node:url";
import { Pool } from "undici";
import type { CallContext, Connector, ConnectorOperations } from "../../src/domain/connector.js";
import { SCOPES } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import type { CentreCareOsConnection } from "../../src/providers/centrecareos/config.js";
import { createCentreCareOsConnector } from "../../src/providers/centrecareos/connector.js";
import { startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { addDays } from "../../src/time/local.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { measureThroughput, upstreamCostPrinter } from "./common.js";

/**
 * CentreCareOS figures: the sandbox's throughput on today's attendance for a room, then what the connector
 * spends (time and upstream requests out of 1,000 an hour) on a nursery manager's usual questions.
 */
export async function runCentreCareOsBench(): Promise<void> {
  // Limits raised so the throughput run measures the server, not the hourly window. A Monday morning, pinned,
  // so today's attendance is a full room's whatever hour the figures are taken.
  const clock = createClock(1, "2026-12-07T10:00:00Z");
  const sandbox = await startCentreCareOsSandbox({
    seed: 1,
    clock,
    limits: { perHour: 1_000_000, perDay: 10_000_000 },
  });
  const pool = new Pool(sandbox.url, { connections: 32 });
  const headers = { authorization: `Bearer ${sandbox.keys.full}` };
  const total = 10_000;
  const { ok, rate } = await measureThroughput(total, 64, async () => {
    const res = await pool.request({
      method: "GET",
      path: "/api/v1/attendance?roomId=room_4&perPage=100",
      headers,
    });
    await res.body.json();
    return res.statusCode === 200;
  });
  console.log("CentreCareOS sandbox throughput (GET today's attendance for a room, 64 concurrent, loopback)");
  console.log(`  requests: ${total}, ok: ${ok}, ${rate} req/s`);
  await pool.close();
  sandbox.state.limits.settings = { perHour: 1_000, perDay: 10_000 };
  sandbox.state.limits.reset();

  const cache = createSharedCache("memory");
  const connector = createCentreCareOsConnector(
    "little-acorns",
    sandbox.connections["little-acorns"] as CentreCareOsConnection,
    { logger: silentLogger, cache, cacheSensitive: false, clock },
  ) as Connector & ConnectorOperations;
  const ctx: CallContext = { scopes: new Set(SCOPES), caller: "bench", logger: silentLogger };
  const today = sandbox.state.store.today();
  const measure = upstreamCostPrinter(() => sandbox.server.stats.requests);
  console.log("CentreCareOS connector (Little Acorns, loopback, no added latency)");
  await measure("check", () => connector.check(ctx));
  for (const pass of ["cold", "cached"]) {
    await measure(`rooms with occupancy (${pass})`, () => connector.listGroups({}, ctx));
    await measure(`who is in Robins today (${pass})`, () =>
      connector.getAttendance({ from: today, to: today, groupId: "Robins" }, ctx),
    );
    await measure(`overdue invoices (${pass})`, () => connector.listInvoices({ status: "overdue" }, ctx));
  }
  const waiting = sandbox.state.store.data.students.find(
    (s) =>
      s.enrollmentStatus === "enrolled" &&
      !sandbox.state.store.attendance().some((r) => r.date === today && r.studentId === s.id),
  );
  if (waiting) {
    await measure("check a child in (state read, then write)", () =>
      connector.recordAttendance({ studentId: waiting.id, action: "check_in" }, ctx),
    );
    await measure("repeat the check-in (state read only)", () =>
      connector.recordAttendance({ studentId: waiting.id, action: "check_in" }, ctx),
    );
  }
  await measure("message the Robins parents (resolve, then send)", () =>
    connector.sendMessage({ recipients: ["Robins"], content: "Pickup is at 3pm today." }, ctx),
  );
  await measure("one child's last four days (a day at a time)", () =>
    connector.getAttendance({ from: addDays(today, -3), to: today, studentId: "stu_1003" }, ctx),
  );
  const budget = await connector.check(ctx);
  console.log(`  afterwards: ${budget.detail}`);
  await connector.close();
  await cache.close();
  await sandbox.close();
  await standInCosts(clock);
}

/**
 * What distrust costs: the same questions against the stand-in variant, a server that ignores every
 * undocumented filter and pages seven records at a time without saying so.
 */
async function standInCosts(clock: ReturnType<typeof createClock>): Promise<void> {
  const sandbox = await startCentreCareOsSandbox({ seed: 1, clock, variant: "stand-in" });
  const cache = createSharedCache("memory");
  const connector = createCentreCareOsConnector(
    "little-acorns",
    sandbox.connections["little-acorns"] as CentreCareOsConnection,
    { logger: silentLogger, cache, cacheSensitive: false, clock },
  ) as Connector & ConnectorOperations;
  const ctx: CallContext = { scopes: new Set(SCOPES), caller: "bench", logger: silentLogger };
  const today = sandbox.state.store.today();
  const measure = upstreamCostPrinter(() => sandbox.server.stats.requests);
  console.log(
    "CentreCareOS connector against the stand-in variant (filters ignored, pages of 7, other names)",
  );
  await measure("list every child", () => connector.listStudents({}, ctx));
  await measure("who is in Robins today", () =>
    connector.getAttendance({ from: today, to: today, groupId: "Robins" }, ctx),
  );
  await measure("one child's last four days", () =>
    connector.getAttendance({ from: addDays(today, -3), to: today, studentId: "stu_1003" }, ctx),
  );
  await measure("overdue invoices", () => connector.listInvoices({ status: "overdue" }, ctx));
  await connector.close();
  await cache.close();
  await sandbox.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runCentreCareOsBench();
}
