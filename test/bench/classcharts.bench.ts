import { pathToFileURL } from "node:url";
import { Pool } from "undici";
import { READ_SCOPES } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import type { ClassChartsConnection } from "../../src/providers/classcharts/config.js";
import { ClassChartsConnector } from "../../src/providers/classcharts/connector.js";
import { TIME_ZONE } from "../../src/providers/classcharts/endpoints.js";
import { startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { createClock } from "../../src/time/clock.js";
import { addDays, localToday } from "../../src/time/local.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { measureThroughput, upstreamCostPrinter } from "./common.js";

/**
 * ClassCharts figures: the sandbox's throughput on authenticated activity pages (50 points each), then what
 * the connector spends on a parent's usual questions, cold and from the cache.
 */
export async function runClassChartsBench(): Promise<void> {
  const clock = createClock(1);
  const sandbox = await startClassChartsSandbox({ seed: 1, clock });
  const pupil = sandbox.data.pupils[0]!;
  const login = await fetch(`${sandbox.url}/student/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      _method: "POST",
      code: pupil.code,
      dob: pupil.dob.split("-").reverse().join("/"),
    }),
  });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith("student_session_credentials="))!;
  const session = JSON.parse(decodeURIComponent(cookie.split(";")[0]!.split("=")[1]!)).session_id as string;
  const pool = new Pool(sandbox.url, { connections: 32 });
  const headers = { authorization: `Basic ${session}` };
  const total = 10_000;
  const { ok, rate } = await measureThroughput(total, 64, async () => {
    const res = await pool.request({ method: "GET", path: `/apiv2student/activity/${pupil.id}`, headers });
    const body = (await res.body.json()) as { success: number };
    return body.success === 1;
  });
  console.log("ClassCharts sandbox throughput (GET activity page of 50, 64 concurrent, loopback)");
  console.log(`  requests: ${total}, success: ${ok}, ${rate} req/s`);
  await pool.close();

  const cache = createSharedCache("memory");
  const connector = new ClassChartsConnector(
    "classcharts-parent",
    sandbox.connections["classcharts-parent"] as ClassChartsConnection,
    { logger: silentLogger, cache, cacheSensitive: false, clock },
  );
  const ctx = { scopes: new Set(READ_SCOPES), caller: "bench", logger: silentLogger };
  const today = localToday(clock, TIME_ZONE);
  const weekAhead = addDays(today, 6);
  const measure = upstreamCostPrinter(() => sandbox.server.stats.requests);
  console.log("ClassCharts connector (parent with two pupils, loopback, no added latency)");
  await measure("sign in (login, ping, pupils)", () => connector.check(ctx));
  for (const pass of ["cold", "cached"]) {
    await measure(`behaviour for the term, both pupils (${pass})`, () =>
      connector.listBehaviour({ from: sandbox.data.termStart, to: today }, ctx),
    );
    await measure(`timetable for 7 days, both pupils (${pass})`, () =>
      connector.getTimetable({ from: today, to: weekAhead }, ctx),
    );
  }
  await connector.close();
  await cache.close();
  await sandbox.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runClassChartsBench();
}
