import { describe, expect, it } from "vitest";
import { connectInMemory } from "../../src/server/in-memory.js";
import { createClock } from "../../src/time/clock.js";
import { resolveRange } from "../../tools/shared/dates.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";

describe("resolveRange", () => {
  const today = "2026-12-02";

  it("defaults to today, the caller's provider-local date", () => {
    expect(resolveRange({}, today)).toEqual({ from: today, to: today });
    expect(resolveRange({}, today, 7)).toEqual({ from: today, to: "2026-12-08" });
  });

  it("takes from alone to today, or as many days as the default", () => {
    expect(resolveRange({ from: "2026-11-30" }, today)).toEqual({ from: "2026-11-30", to: today });
    expect(resolveRange({ from: "2026-12-10" }, today)).toEqual({ from: "2026-12-10", to: "2026-12-10" });
    expect(resolveRange({ from: "2026-11-30" }, today, 7)).toEqual({ from: "2026-11-30", to: "2026-12-06" });
  });

  it("reaches back from to alone, and keeps an explicit range inclusive", () => {
    expect(resolveRange({ to: "2026-12-04" }, today, 30)).toEqual({ from: "2026-11-05", to: "2026-12-04" });
    expect(resolveRange({ from: "2026-12-28", to: "2027-01-03" }, today)).toEqual({
      from: "2026-12-28",
      to: "2027-01-03",
    });
  });

  it("refuses reversed, mixed and over-long ranges", () => {
    expect(() => resolveRange({ from: "2026-12-05", to: "2026-12-01" }, today)).toThrow(/after/);
    expect(() => resolveRange({ date: today, from: today }, today)).toThrow(/either/);
    expect(() => resolveRange({ from: "2025-01-01", to: "2026-12-01" }, today)).toThrow(/limit is 366/);
  });
});

describe("a tool's default day", () => {
  it("is the provider's local date: at 00:30 BST it is already the next UTC date", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }], {}, createClock(1, "2026-06-30T23:30:00Z"));
    const { client, close } = await connectInMemory(runtime);
    try {
      const result = await client.callTool({ name: "get_attendance", arguments: { studentId: "1" } });
      expect(result.structuredContent).toMatchObject({ from: "2026-07-01", to: "2026-07-01" });
      expect(connector.calls.at(-1)?.args).toMatchObject({ from: "2026-07-01", to: "2026-07-01" });
    } finally {
      await close();
      await runtime.close();
    }
  });

  it("follows the clock in winter too, when London is UTC", async () => {
    const connector = createTestConnector("a");
    const runtime = testRuntime([{ connector }], {}, createClock(1, "2026-12-02T23:58:30Z"));
    const { client, close } = await connectInMemory(runtime);
    try {
      const result = await client.callTool({ name: "get_timetable", arguments: { studentId: "1" } });
      expect(result.structuredContent).toMatchObject({ from: "2026-12-02" });
    } finally {
      await close();
      await runtime.close();
    }
  });
});
