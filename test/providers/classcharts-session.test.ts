/**
 * Contract: the ClassCharts connector's sign-in and session upkeep against the sandbox over loopback HTTP.
 * Sandbox clock and connector share one time scale, so an hour of renewals runs in seconds.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type CallContext, READ_SCOPES } from "../../src/domain/index.js";
import { UnauthorizedError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import type { ClassChartsConnection } from "../../src/providers/classcharts/config.js";
import { ClassChartsConnector } from "../../src/providers/classcharts/connector.js";
import { TIME_ZONE } from "../../src/providers/classcharts/endpoints.js";
import {
  type ClassChartsSandbox,
  type ClassChartsSandboxOptions,
  startClassChartsSandbox,
} from "../../src/sandbox/classcharts/index.js";
import { createClock } from "../../src/time/clock.js";
import { addDays, localToday } from "../../src/time/local.js";
import { createSharedCache } from "../../src/upstream/index.js";

const ctx: CallContext = { scopes: new Set(READ_SCOPES), caller: "test", logger: silentLogger };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(
  role: "parent" | "student",
  options: Partial<ClassChartsSandboxOptions> & {
    scale?: number;
    config?: Partial<ClassChartsConnection>;
  } = {},
): Promise<{ sandbox: ClassChartsSandbox; connector: ClassChartsConnector }> {
  const scale = options.scale ?? 1;
  const clock = createClock(scale);
  const sandbox = await startClassChartsSandbox({ seed: 5, ...options, clock });
  const cache = createSharedCache("memory");
  const config = {
    ...sandbox.connections[`classcharts-${role}`],
    ...options.config,
  } as ClassChartsConnection;
  const connector = new ClassChartsConnector(`classcharts-${role}`, config, {
    logger: silentLogger,
    cache,
    cacheSensitive: false,
    timeScale: scale,
    clock,
  });
  cleanups.push(
    () => sandbox.close(),
    () => cache.close(),
    () => connector.close(),
  );
  return { sandbox, connector };
}

const hits = (sandbox: ClassChartsSandbox, path: string) => sandbox.server.stats.byPath.get(path) ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Distinct London days, so every timetable call goes upstream. */
const day = (offset: number) => addDays(localToday(createClock(), TIME_ZONE), offset);

describe("signing in", () => {
  it("a pupil signs in with code and date of birth and sees only themself", async () => {
    const { sandbox, connector } = await setup("student");
    const page = await connector.listStudents({}, ctx);
    expect(page.items.map((s) => s.id)).toEqual([String(sandbox.data.pupils[0]!.id)]);
    expect(sandbox.sessions.logins).toBe(1);
    expect(hits(sandbox, "/apiv2student/ping")).toBe(1);
  });

  it("the code is upper-cased and a DD/MM/YYYY date of birth is accepted as it is", async () => {
    const { sandbox } = await setup("student");
    const pupil = sandbox.data.pupils[1]!;
    const [y, m, d] = pupil.dob.split("-");
    const { connector } = await setup("student", {
      config: { baseUrl: sandbox.url, code: pupil.code.toLowerCase(), dateOfBirth: `${d}/${m}/${y}` },
    });
    const page = await connector.listStudents({}, ctx);
    expect(page.items.map((s) => s.id)).toEqual([String(pupil.id)]);
  });

  it("a parent signs in, learns both pupils at login and names one on every call", async () => {
    const { sandbox, connector } = await setup("parent");
    expect(await connector.check(ctx)).toEqual({ detail: "signed in as parent; 2 pupils visible" });
    expect(hits(sandbox, "/apiv2parent/pupils")).toBe(1);
    await connector.listAnnouncements({}, ctx);
    for (const id of sandbox.data.parent.pupilIds) {
      expect(hits(sandbox, `/apiv2parent/announcements/${id}`)).toBe(1);
    }
  });

  it.each([
    ["student", { dateOfBirth: "2001-01-01" }, /pupil code or date of birth is not right/],
    ["parent", { password: "not-the-password" }, /email address or password is not right/],
  ] as const)(
    "wrong %s credentials fail with the reason and are tried once",
    async (role, config, reason) => {
      const { sandbox, connector } = await setup(role, { config });
      const error = await connector.listStudents({}, ctx).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as Error).message).toMatch(reason);
      expect(hits(sandbox, `/${role}/login`)).toBe(1);
      expect(sandbox.server.stats.requests).toBe(1);
    },
  );

  it("an SSO redirect loop on the pupils call is reported, not followed forever", async () => {
    const { sandbox, connector } = await setup("parent", { ssoLoop: true });
    const error = await connector.check(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toContain("ClassCharts login needs the SSO step");
    const hops = hits(sandbox, "/apiv2parent/pupils") + hits(sandbox, "/parent/sso/start");
    expect(hops).toBeGreaterThan(1);
    expect(hops).toBeLessThanOrEqual(6);
  });
});

describe("keeping the session alive", () => {
  it("renews by ping across a simulated hour of calls, with one login", async () => {
    // 450x: the hour takes 8 s; the 180 s window is 400 ms, renewal at 150 s (333 ms).
    const scale = 450;
    const { sandbox, connector } = await setup("parent", { scale });
    const pupilId = String(sandbox.data.pupils[0]!.id);
    const stepMs = 30_000 / scale;
    const started = Date.now();
    let calls = 0;
    while ((Date.now() - started) * scale < 3_600_000) {
      // A new date each time, so every call goes upstream (the timetable cache would answer a repeat).
      const lessons = await connector.getTimetable(
        { from: day(calls), to: day(calls), studentId: pupilId },
        ctx,
      );
      expect(Array.isArray(lessons)).toBe(true);
      calls++;
      await sleep(stepMs);
    }
    expect(calls).toBeGreaterThan(60);
    expect(sandbox.sessions.logins).toBe(1);
    expect(connector.auth.logins).toBe(1);
    // 3,600 s / 150 s = 24 renewals; never fewer than the 20 a 180 s window demands.
    expect(hits(sandbox, "/apiv2parent/ping")).toBeGreaterThanOrEqual(20);
    expect(hits(sandbox, "/apiv2parent/ping")).toBeLessThanOrEqual(30);
  });

  it.each([
    ["HTTP 200 with success 0", "listHomework", "/homeworks/"],
    ["HTTP 401", "getTimetable", "/timetable/"],
  ] as const)(
    "after the service forgets the session, 10 calls in flight (%s) share one login",
    async (_shape, op, segment) => {
      const { sandbox, connector } = await setup("parent");
      await connector.check(ctx);
      expect(sandbox.sessions.logins).toBe(1);
      sandbox.sessions.expireAll();
      const pupilId = String(sandbox.data.pupils[0]!.id);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          op === "listHomework"
            ? connector.listHomework({ from: day(-i - 1), to: day(-i), studentId: pupilId }, ctx)
            : connector.getTimetable({ from: day(i), to: day(i), studentId: pupilId }, ctx),
        ),
      );
      expect(results).toHaveLength(10);
      expect(sandbox.sessions.logins).toBe(2);
      expect(hits(sandbox, "/parent/login")).toBe(2);
      const upstream = [...sandbox.server.stats.byPath.entries()].filter(([path]) => path.includes(segment));
      // Each call failed once on the forgotten session at most, then replayed: never a retry storm.
      expect(upstream.reduce((sum, [, n]) => sum + n, 0)).toBeLessThanOrEqual(20);
    },
  );

  it("10 calls on a connector that has not signed in yet share one login", async () => {
    const { sandbox, connector } = await setup("parent");
    const pupilId = String(sandbox.data.pupils[0]!.id);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        connector.getTimetable({ from: day(i), to: day(i), studentId: pupilId }, ctx),
      ),
    );
    expect(sandbox.sessions.logins).toBe(1);
    expect(hits(sandbox, "/apiv2parent/pupils")).toBe(1);
  });

  it("an idle session that died is replaced by one login, even with 10 calls waiting", async () => {
    const scale = 300; // 300 s idle limit = 1 s
    const { sandbox, connector } = await setup("student", { scale });
    await connector.check(ctx);
    await sleep(1_200);
    const pupilId = String(sandbox.data.pupils[0]!.id);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        connector.getTimetable({ from: day(i), to: day(i), studentId: pupilId }, ctx),
      ),
    );
    expect(sandbox.sessions.logins).toBe(2);
    expect(connector.auth.logins).toBe(2);
  });

  it("when signing in again is refused, the call fails with UnauthorizedError instead of looping", async () => {
    const { sandbox, connector } = await setup("parent");
    await connector.check(ctx);
    sandbox.data.parent.password = "changed-by-the-parent";
    sandbox.sessions.expireAll();
    const error = await connector
      .listHomework({ from: day(-7), to: day(0), studentId: String(sandbox.data.pupils[0]!.id) }, ctx)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(hits(sandbox, "/parent/login")).toBe(2);
  });
});
