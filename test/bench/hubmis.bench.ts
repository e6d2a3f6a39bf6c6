import { pathToFileURL } from "node:url";
import { Pool } from "undici";
import { type CallContext, READ_SCOPES } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import type { HubmisConnection } from "../../src/providers/hubmis/config.js";
import { HubmisConnector } from "../../src/providers/hubmis/connector.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { DEFAULT_TOKEN_TTL_SECONDS } from "../../src/sandbox/hubmis/auth.js";
import { startHubmisSandbox } from "../../src/sandbox/hubmis/index.js";
import { addDays, mondayOf } from "../../src/time/local.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { followCursor } from "../helpers/follow-cursor.js";
import { WEDNESDAY, WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";
import { measureThroughput } from "./common.js";

/**
 * HUBmis figures: ten questions a head of year asks, answered by the connector against the sandbox, in
 * order, once with a cold cache and once warm. For each: the upstream requests made and the HUBmis time they
 * took (simulated seconds on the sandbox clock, which the 12-a-minute limit governs), beside the naive count
 * (one request per record in the answer) and the time that would take at 12 a minute.
 */

/** The clock runs this much faster than real time so the run takes seconds, not half an hour. */
const SCALE = 120;
const PER_MINUTE = 12;
/** A token is used until a minute before it expires (src/providers/hubmis/auth.ts), then renewed. */
const TOKEN_USE_SECONDS = DEFAULT_TOKEN_TTL_SECONDS - Math.min(60, DEFAULT_TOKEN_TTL_SECONDS / 10);

interface Question {
  label: string;
  /** Records in the answer (the naive client's request count). */
  ask(connector: HubmisConnector, ctx: CallContext): Promise<number>;
}

export interface BenchRow {
  question: string;
  coldRequests: number;
  coldSeconds: number;
  warmRequests: number;
  warmSeconds: number;
  naiveRequests: number;
  naiveSeconds: number;
}

/** A register question asked again with its cursor until the answer is whole, as a person would. */
async function wholeAttendance(
  c: HubmisConnector,
  q: { groupId: string; from: string; to: string },
  ctx: CallContext,
): Promise<number> {
  const { answer } = await followCursor(
    (cursor) => c.getAttendance({ ...q, ...(cursor ? { cursor } : {}) }, ctx),
    (a) => a.continuation?.cursor,
    { maxCalls: 51 },
  );
  return answer.records.length;
}

function questions(day: string, headOfYear9: string): Question[] {
  const monday = mondayOf(day);
  const fortnight = addDays(monday, -7);
  const tomorrow = addDays(day, 1);
  const friday = addDays(monday, 4);
  return [
    {
      label: "Who in 9R was absent more than twice this fortnight?",
      ask: (c, ctx) => wholeAttendance(c, { groupId: "9R", from: fortnight, to: day }, ctx),
    },
    {
      label: "Open wellbeing concerns in Year 9, high severity first",
      ask: async (c, ctx) =>
        (await c.listWellbeingEvents({ yearGroup: "Year 9", status: "open", type: "event" }, ctx)).items
          .length,
    },
    {
      label: "What is Mr Patel teaching period 4 tomorrow?",
      ask: async (c, ctx) =>
        (await c.getTimetable({ staffId: "Mr Patel", from: tomorrow, to: tomorrow }, ctx)).length,
    },
    {
      label: "Which Year 9 pupils are in Green House?",
      ask: async (c, ctx) =>
        (await c.listStudents({ yearGroup: "Year 9", house: "Green House", limit: 100 }, ctx)).items.length,
    },
    {
      label: "How many pupils are in each Year 9 form?",
      ask: async (c, ctx) => (await c.listGroups({ kind: "form", search: "9" }, ctx)).length,
    },
    {
      label: "What does a 9R pupil have on Friday?",
      ask: async (c, ctx) => {
        const pupil = (await c.listStudents({ groupId: "9R", limit: 1 }, ctx)).items[0];
        return (
          1 + (await c.getTimetable({ studentId: pupil?.id ?? "0", from: friday, to: friday }, ctx)).length
        );
      },
    },
    {
      label: "Who are the contacts for the first pupil in 9R?",
      ask: async (c, ctx) => {
        const pupil = (await c.listStudents({ groupId: "9R", limit: 1 }, ctx)).items[0];
        const detail = await c.getStudent(pupil?.id ?? "0", ctx);
        return 2 + (detail.contacts?.length ?? 0);
      },
    },
    {
      label: "My open wellbeing plans as head of Year 9",
      ask: async (c, ctx) =>
        (await c.listWellbeingEvents({ type: "plan", status: "active", assignedTo: headOfYear9 }, ctx)).items
          .length,
    },
    {
      label: "Wellbeing events in 9R this week",
      ask: async (c, ctx) =>
        (await c.listWellbeingEvents({ form: "9R", from: monday, to: day }, ctx)).items.length,
    },
    {
      label: "Year 9 attendance this week",
      ask: (c, ctx) => wholeAttendance(c, { groupId: "Year 9", from: monday, to: day }, ctx),
    },
  ];
}

/** Runs the questions cold then warm and returns one row per question. */
export async function measureHubmis(): Promise<{
  rows: BenchRow[];
  distinctPages: number;
  /** Pages the cold pass asked for more than once (path, times). */
  repeated: Array<[string, number]>;
  /** Sign-ins the token's life forces over the cold pass beyond the first (each a second POST /token). */
  renewals: number;
}> {
  // A school afternoon, so every question has a full day behind it whenever the bench runs.
  const clock = createClock(SCALE, WEDNESDAY_AFTERNOON);
  const sandbox = await startHubmisSandbox({ seed: 20260901, clock });
  const cache = createSharedCache("memory");
  const config = sandbox.connections["oakfield"] as HubmisConnection;
  const connector = new HubmisConnector("oakfield", config, {
    logger: silentLogger,
    cache,
    cacheSensitive: false,
    timeScale: SCALE,
    clock,
  });
  const ctx: CallContext = { scopes: new Set(READ_SCOPES), caller: "bench", logger: silentLogger };
  const head = sandbox.data.staff.find((s) => s.jobTitle.startsWith("Head of Year 9"));
  const list = questions(WEDNESDAY, head ? `${head.title} ${head.lastName}` : "");
  const rows: BenchRow[] = list.map((q) => ({
    question: q.label,
    coldRequests: 0,
    coldSeconds: 0,
    warmRequests: 0,
    warmSeconds: 0,
    naiveRequests: 0,
    naiveSeconds: 0,
  }));
  let distinctPages = 0;
  let repeated: Array<[string, number]> = [];
  let renewals = 0;
  try {
    for (const pass of ["cold", "warm"] as const) {
      const pagesBefore = new Map(sandbox.server.stats.byUrl);
      for (const [i, q] of list.entries()) {
        const row = rows[i] as BenchRow;
        const requests = sandbox.server.stats.requests;
        const started = clock.now();
        const records = await q.ask(connector, ctx);
        const spent = sandbox.server.stats.requests - requests;
        const seconds = Math.round((clock.now() - started) / 1000);
        if (pass === "cold") {
          row.coldRequests = spent;
          row.coldSeconds = seconds;
          row.naiveRequests = records;
          row.naiveSeconds = Math.max(0, records - PER_MINUTE) * (60 / PER_MINUTE);
        } else {
          row.warmRequests = spent;
          row.warmSeconds = seconds;
        }
      }
      // The least any client could send: each distinct page (path and query) the answers needed, once.
      if (pass === "cold") {
        const fresh = [...sandbox.server.stats.byUrl].filter(([k]) => !pagesBefore.has(k));
        distinctPages = fresh.length;
        repeated = fresh.filter(([, times]) => times > 1);
        const seconds = rows.reduce((total, r) => total + r.coldSeconds, 0);
        renewals = Math.max(0, Math.ceil(seconds / TOKEN_USE_SECONDS) - 1);
      }
    }
  } finally {
    await connector.close();
    await cache.close();
    await sandbox.close();
  }
  return { rows, distinctPages, repeated, renewals };
}

/** Requests a second the HUBmis sandbox answers (limits lifted), authenticated list pages over loopback. */
export async function measureSandboxThroughput(
  total = 5_000,
): Promise<{ rate: number; ok: number; total: number }> {
  const sandbox = await startHubmisSandbox({
    seed: 1,
    clock: createClock(1, WEDNESDAY_AFTERNOON),
    perMinute: 1e9,
    bucketCapacity: 1e9,
  });
  const base = (sandbox.connections["oakfield"] as HubmisConnection).baseUrl as string;
  const pool = new Pool(sandbox.url, { connections: 32 });
  const token = await fetch(`${base}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: (sandbox.connections["oakfield"] as HubmisConnection).clientId,
      client_secret: (sandbox.connections["oakfield"] as HubmisConnection).clientSecret,
    }),
  }).then((r) => r.json() as Promise<{ access_token: string }>);
  const headers = { authorization: `Bearer ${token.access_token}`, realm: "S999" };
  const path = `${new URL(base).pathname}/students?page%5Bsize%5D=20`;
  await Promise.all(
    Array.from({ length: 32 }, () =>
      pool.request({ method: "GET", path, headers }).then((r) => r.body.text()),
    ),
  );
  const { ok, rate } = await measureThroughput(total, 64, async () => {
    const res = await pool.request({ method: "GET", path, headers });
    await res.body.text();
    return res.statusCode === 200;
  });
  await pool.close();
  await sandbox.close();
  return { rate, ok, total };
}

export async function runHubmisBench(): Promise<void> {
  const throughput = await measureSandboxThroughput();
  console.log(
    "HUBmis sandbox throughput (GET /students, page of 20, 64 concurrent, loopback, limits lifted)",
  );
  console.log(`  requests: ${throughput.total}, 200s: ${throughput.ok}, ${throughput.rate} req/s`);
  const { rows, distinctPages, repeated, renewals } = await measureHubmis();
  const width = Math.max(...rows.map((r) => r.question.length));
  const cell = (value: number | string, size: number) => String(value).padStart(size);
  console.log(
    `HUBmis: ten head-of-year questions in order (12 requests a minute; HUBmis time on a ${SCALE}x clock)`,
  );
  console.log(
    `  ${"question".padEnd(width)} | ${cell("cold req", 8)} ${cell("cold s", 7)} | ${cell("warm req", 8)} ${cell("warm s", 7)} | ${cell("naive req", 9)} ${cell("naive s", 8)}`,
  );
  for (const r of rows) {
    console.log(
      `  ${r.question.padEnd(width)} | ${cell(r.coldRequests, 8)} ${cell(r.coldSeconds, 7)} | ${cell(r.warmRequests, 8)} ${cell(r.warmSeconds, 7)} | ${cell(r.naiveRequests, 9)} ${cell(r.naiveSeconds, 8)}`,
    );
  }
  const sum = (pick: (r: BenchRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
  console.log(
    `  ${"total".padEnd(width)} | ${cell(
      sum((r) => r.coldRequests),
      8,
    )} ${cell(
      sum((r) => r.coldSeconds),
      7,
    )} | ${cell(
      sum((r) => r.warmRequests),
      8,
    )} ${cell(
      sum((r) => r.warmSeconds),
      7,
    )} | ${cell(
      sum((r) => r.naiveRequests),
      9,
    )} ${cell(
      sum((r) => r.naiveSeconds),
      8,
    )}`,
  );
  const minimum = distinctPages + renewals;
  console.log(
    `  cold ${sum((r) => r.coldRequests)} upstream requests against a distinct-pages minimum of ${minimum} (each page once${renewals > 0 ? `, and ${renewals} token renewal${renewals === 1 ? "" : "s"}: a ${DEFAULT_TOKEN_TTL_SECONDS / 60}-minute token, renewed a minute early, over ${sum((r) => r.coldSeconds)} s` : ""}); warm ${sum((r) => r.warmRequests)}`,
  );
  const twice = repeated.map(([page, times]) => `${page} x${times}`).join(", ");
  console.log(`  pages asked more than once cold: ${twice || "none"}`);
  console.log(
    "  Cold includes the token and the reference data (year groups, forms, tutor groups, houses, codes, categories) fetched once.",
  );
  console.log(
    "  Register questions are asked again with their cursor until whole. Pupil profiles and wellbeing lists are cached as projections without medical, SEN or narrative fields for callers without sensitive:read.",
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runHubmisBench();
}
