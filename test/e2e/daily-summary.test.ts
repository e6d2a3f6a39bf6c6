/**
 * End to end: daily_summary through a real MCP client over the demo, for each connection and for all at
 * once, each answer stating its cost in upstream requests and what it left out.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DailyPart } from "../../tools/shared/daily-parts.js";
import { type DemoHarness, startDemo } from "../helpers/demo.js";

type Day = DailyPart & { connection: string; upstreamRequests: number };
interface Summary {
  days: Day[];
  upstreamRequests: number;
}

let demo: DemoHarness;
const upstream = () =>
  Object.values(demo.sandbox.providers).reduce((sum, running) => sum + running.server.stats.requests, 0);

beforeAll(async () => {
  // A Monday morning, pinned, so the nursery's day has begun whatever the hour of the run.
  demo = await startDemo({ sandbox: { now: "2026-12-07T10:00:00Z" } });
});
afterAll(() => demo.close());

describe("daily_summary", () => {
  it("answers for each demo connection, stating its cost and what it left out", async () => {
    const connections = Object.keys(demo.sandbox.connections);
    expect(connections.length).toBeGreaterThanOrEqual(3);
    for (const connection of connections) {
      const before = upstream();
      const out = await demo.call<Summary>("daily_summary", { connection });
      expect(out.days.map((d) => d.connection)).toEqual([connection]);
      const day = out.days[0] as Day;
      // The stated cost is the requests the providers actually saw (token requests aside).
      expect(day.upstreamRequests).toBeLessThanOrEqual(upstream() - before);
      expect(out.upstreamRequests).toBe(day.upstreamRequests);
      const answered = Object.keys(day).filter(
        (k) => !["connection", "upstreamRequests", "leftOut"].includes(k),
      );
      expect(answered.length + day.leftOut.length, connection).toBeGreaterThan(0);
    }
  });

  it("answers for every connection at once; a nursery shows its rooms, a school its concerns without names", async () => {
    const out = await demo.call<Summary>("daily_summary", {});
    expect(out.days.length).toBe(Object.keys(demo.sandbox.connections).length);
    expect(out.upstreamRequests).toBe(out.days.reduce((sum, d) => sum + d.upstreamRequests, 0));
    const nursery = out.days.find((d) => d.nursery);
    expect(nursery).toBeDefined();
    const n = nursery?.nursery ?? { present: 0, collected: 0, notArrived: 0 };
    expect(n.present + n.collected + n.notArrived).toBeGreaterThan(0);
    const school = out.days.find((d) => d.openConcerns);
    expect(school).toBeDefined();
    // The demo token has no sensitive:read: counts only, and the answer says the names were left out.
    expect(school?.concernStudents).toBeUndefined();
    expect(school?.leftOut.join(" ")).toMatch(/sensitive:read/);
    expect(school?.leftOut.join(" ")).toMatch(/registers by form/);
    // Asked again at once, the cached parts cost less.
    const again = await demo.call<Summary>("daily_summary", {});
    expect(again.upstreamRequests).toBeLessThanOrEqual(out.upstreamRequests);
  });
});
