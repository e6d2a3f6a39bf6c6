/**
 * Contract: HUBmis's usage limits through the connector, on a 60x clock (a HUBmis minute is one real
 * second). Demand at three times the budget for four HUBmis minutes: the sandbox, enforcing 12 requests a
 * minute per IP, must refuse nothing; the connector must use at least 90% of what the sandbox would admit;
 * every caller gets an answer or a RateLimited error that says when to retry, and nobody hangs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitedError } from "../../src/errors.js";
import { WEDNESDAY } from "../sandbox/hubmis-http.js";
import { context, type Harness, startHarness } from "./hubmis-harness.js";

const SCALE = 60;
const MINUTE = 60_000 / SCALE;
const RUN_MINUTES = 4;
const DEMAND_PER_MINUTE = 3 * 12;

let h: Harness;
beforeAll(async () => {
  h = await startHarness(SCALE);
});
afterAll(async () => {
  await h.close();
});

describe("HUBmis connector under three times its budget", () => {
  it("sees no 429, uses at least 90% of the budget, and answers every caller", async () => {
    const connector = h.connect();
    const day = WEDNESDAY;
    const outcomes: Array<Promise<{ ok: boolean; retryAfter?: number; ms: number }>> = [];
    const started = Date.now();
    const gap = MINUTE / DEMAND_PER_MINUTE;
    // Each caller asks for a different pupil's lessons: one distinct upstream request, nothing to coalesce.
    for (let i = 0; Date.now() - started < RUN_MINUTES * MINUTE; i++) {
      const asked = Date.now();
      outcomes.push(
        connector.getTimetable({ studentId: String(5001 + i), from: day, to: day }, context()).then(
          () => ({ ok: true, ms: Date.now() - asked }),
          (error: unknown) => {
            if (!(error instanceof RateLimitedError)) throw error;
            return { ok: false, retryAfter: error.retryAfterSeconds, ms: Date.now() - asked };
          },
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (i + 1) * gap - Date.now())));
    }
    const results = await Promise.all(outcomes);
    const demanded = results.length;
    expect(demanded).toBeGreaterThanOrEqual(DEMAND_PER_MINUTE * RUN_MINUTES - 2);

    expect(h.sandbox.limits.rejected).toBe(0);
    // What the sandbox admitted in the first RUN_MINUTES minutes, against what a strict 12-a-minute window
    // could ever admit in that time.
    const admitted = h.sandbox.limits.admittedAt;
    const first = admitted[0] as number;
    const inRun = admitted.filter((t) => t < first + RUN_MINUTES * 60_000).length;
    const budget = 12 * RUN_MINUTES;
    expect(inRun).toBeLessThanOrEqual(budget);
    expect(inRun / budget).toBeGreaterThanOrEqual(0.9);

    const refused = results.filter((r) => !r.ok);
    expect(results.filter((r) => r.ok).length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r.retryAfter).toBeGreaterThanOrEqual(1);
    // Nobody waits longer than the connector's queue cap (90 HUBmis seconds) plus a request's own time.
    const cap = (90_000 / SCALE) * 1.2 + 200;
    for (const r of results) expect(r.ms).toBeLessThanOrEqual(cap);
  }, 15_000);

  it("honours X-RateLimit-Retry-After when another client on the same IP spent the minute", async () => {
    // 20x: a HUBmis minute is three real seconds, so the whole-second Retry-After fits the queue cap.
    const own = await startHarness(20);
    try {
      const connector = own.connector;
      await connector.getTimetable({ studentId: "5001", from: "2026-11-25", to: "2026-11-25" }, context());
      // Someone else behind the same IP: a sign-in and nine calls fill the minute (2 + 10 = 12).
      const base = own.config.baseUrl as string;
      const token = (await (
        await fetch(`${base}/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_id: own.config.clientId,
            client_secret: own.config.clientSecret,
          }),
        })
      ).json()) as { access_token: string };
      for (let i = 0; i < 9; i++) {
        const response = await fetch(`${base}/academic-years`, {
          headers: { authorization: `Bearer ${token.access_token}`, realm: "S999" },
        });
        expect(response.status).toBe(200);
      }
      const started = Date.now();
      const lessons = await connector.getTimetable(
        { studentId: "5002", from: "2026-11-25", to: "2026-11-25" },
        context(),
      );
      expect(lessons.length).toBeGreaterThan(0);
      // One refusal, then the connector waited for the moment HUBmis named instead of hammering it.
      expect(own.sandbox.limits.rejected).toBe(1);
      expect(Date.now() - started).toBeGreaterThan(500);
    } finally {
      await own.close();
    }
  });
});
