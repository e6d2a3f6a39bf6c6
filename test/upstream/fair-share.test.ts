import { describe, expect, it } from "vitest";
import { createMeter } from "../../src/domain/meter.js";
import { RateLimitedError } from "../../src/errors.js";
import { FairShare, UpstreamClient } from "../../src/upstream/index.js";
import { clientOptions, FakeServer, fakeUpstreamHarness, SlidingWindow, sendJson } from "./fake-server.js";

const { cleanups } = fakeUpstreamHarness();

/** HUBmis's 12 a minute, 60 times faster. */
const TIME_SCALE = 60;
const POLICY = { windows: [{ limit: 12, intervalMs: 60_000 }], concurrency: 4, maxQueueWaitMs: 3_000 };

describe("fair share of a connection's budget", () => {
  it("a caller alone may use the whole window; two callers get equal shares and a spare slot", () => {
    let now = 0;
    const share = new FairShare({ provider: "HUBmis", policy: POLICY, now: () => now });
    for (let i = 0; i < 12; i++) share.admit("alone");
    expect(share.used("alone")).toBe(12);
    now += 61_000;
    share.admit("other");
    expect(share.share("alone")).toBe(5);
    for (let i = 0; i < 5; i++) share.admit("alone");
    expect(() => share.admit("alone")).toThrow(RateLimitedError);
    // The refusal names when the share frees a slot: when its oldest request leaves the window.
    now += 30_000;
    try {
      share.admit("alone");
      expect.unreachable();
    } catch (error) {
      expect((error as RateLimitedError).retryAfterSeconds).toBe(30);
      expect((error as Error).message).toMatch(/your share of this connection: 5 of its 12/);
    }
    // The other caller still gets its share while the first is refused.
    for (let i = 0; i < 4; i++) share.admit("other");
    expect(share.used("other")).toBe(5);
  });

  it("two callers with separate tokens, one hammering: the other still gets its answers at a strict upstream", async () => {
    const window = new SlidingWindow(12, 60_000 / TIME_SCALE);
    let rejectedUpstream = 0;
    const fake = await FakeServer.start((_req, res) => {
      if (!window.tryAccept()) {
        rejectedUpstream++;
        return sendJson(res, 429, { error: "Too Many Requests" }, { "retry-after": "1" });
      }
      sendJson(res, 200, { ok: true });
    });
    cleanups.push(() => fake.close());
    const client = new UpstreamClient(clientOptions(fake, { rateLimit: POLICY, timeScale: TIME_SCALE }));
    cleanups.push(() => client.close());
    // Both have been seen, so both are sharing the connection.
    await client.request({ method: "GET", path: "/hello" }, { scopeKey: "", caller: "hammer" });
    await client.request({ method: "GET", path: "/hello2" }, { scopeKey: "", caller: "office" });

    const hammer = { ok: 0, refused: 0 };
    const hammering = Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        client
          .request({ method: "GET", path: `/h/${i}` }, { scopeKey: "", caller: "hammer" })
          .then(() => hammer.ok++)
          .catch((error: unknown) => {
            if (error instanceof RateLimitedError) hammer.refused++;
            else throw error;
          }),
      ),
    );
    const meter = createMeter();
    const started = performance.now();
    const office: number[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await client.request(
        { method: "GET", path: `/o/${i}` },
        { scopeKey: "", caller: "office", meter },
      );
      expect(response.status).toBe(200);
      office.push(performance.now() - started);
    }
    await hammering;
    expect(meter.requests).toBe(4);
    // The office's four answers came within about one (scaled) window, not behind sixty queued requests.
    expect(office.at(-1) ?? Number.POSITIVE_INFINITY).toBeLessThan(2_500);
    expect(hammer.refused).toBeGreaterThan(40);
    expect(hammer.ok).toBeLessThanOrEqual(12);
    expect(rejectedUpstream).toBe(0);
  });
});
