import { describe, expect, it } from "vitest";
import type { Connector } from "../../src/domain/connector.js";
import { SCOPES } from "../../src/domain/scopes.js";
import { createClock } from "../../src/time/clock.js";
import { rateLimited, type TestConnector } from "../helpers/test-connector.js";
import { callRecords, expectOutputMatches, sharedChecks } from "./harness.js";

/** Midday on 1 December, the day the fixed records' messages and announcements are from. */
const clock = () => createClock(1, "2026-12-01T12:00:00Z");

/** A nursery's day in totals, and one upstream request counted for every operation asked. */
function nurseryCountingRequests(c: TestConnector | undefined): void {
  if (!c) return;
  c.getAttendance = async (query) => {
    c.calls.push({ method: "getAttendance", args: query });
    if (c.failWith) throw c.failWith;
    return {
      records: [],
      totals: { sessions: 12, present: 0, late: 0, absent: 0, checkedIn: 7, checkedOut: 3, notArrived: 2 },
    };
  };
  for (const name of Object.keys(c) as (keyof Connector)[]) {
    const operation = c[name];
    if (typeof operation !== "function" || name === "check" || name === "close") continue;
    Object.assign(c, {
      [name]: (...args: { meter?: { count(): void } }[]) => {
        args.at(-1)?.meter?.count();
        return (operation as (...a: unknown[]) => unknown).apply(c, args);
      },
    });
  }
}

describe("daily_summary", () => {
  sharedChecks("daily_summary", {}, { connection: 5 }, /connection/);

  it("says each part of the day, what it cost, and what it left out", async () => {
    const { structured, text } = await callRecords(
      "daily_summary",
      {},
      { clock: clock(), setup: ({ connectors }) => nurseryCountingRequests(connectors[0]) },
    );
    expectOutputMatches("daily_summary", structured);
    expect(structured).toEqual({
      upstreamRequests: 7,
      days: [
        {
          connection: "a",
          nursery: { present: 7, collected: 3, notArrived: 2 },
          messagesToday: 1,
          openConcerns: { low: 1, high: 1 },
          lessonsToday: 2,
          homeworkDue: 1,
          negativeBehaviour: 1,
          announcementsToday: 1,
          upstreamRequests: 7,
          leftOut: ["names behind the concerns: they need sensitive:read"],
        },
      ],
    });
    expect(text).toMatch(/\nToday at 1 connection\(s\), 7 upstream request\(s\)\n/);
    expect(text).toMatch(
      /- a · in 7, collected 3, not arrived 2 · 1 message thread\(s\) today · open concerns low 1, high 1 · 2 lesson\(s\) · 1 homework due · 1 negative behaviour point\(s\) · 1 announcement\(s\) today · 7 request\(s\) · left out: names behind the concerns: they need sensitive:read$/,
    );
  });

  it("withholds who the concerns are about without sensitive:read, and names them with it", async () => {
    const plain = await callRecords("daily_summary", {}, { clock: clock() });
    expect(JSON.stringify(plain.structured)).not.toMatch(/Ada Test|Bo Test/);
    expect(plain.text).not.toMatch(/Ada Test|Bo Test/);
    const open = await callRecords("daily_summary", {}, { clock: clock(), scopes: SCOPES });
    expectOutputMatches("daily_summary", open.structured);
    expect(open.text).toMatch(/open concerns low 1, high 1 · about Ada Test, Bo Test ·/);
    expect(open.text).not.toMatch(/names behind the concerns/);
  });

  it("says there are no open concerns rather than an empty list", async () => {
    const { text } = await callRecords(
      "daily_summary",
      {},
      {
        clock: clock(),
        scopes: SCOPES,
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (a) a.listWellbeingEvents = async () => ({ items: [] });
        },
      },
    );
    expect(text).toMatch(/ · no open concerns · 2 lesson\(s\)/);
    expect(text).not.toMatch(/about|· 0 ·/);
  });

  it("leaves a school's registers out with their cost and how to ask", async () => {
    const { structured, text, connectors } = await callRecords(
      "daily_summary",
      {},
      {
        clock: clock(),
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (a) delete a.recordAttendance;
        },
      },
    );
    expectOutputMatches("daily_summary", structured);
    expect(connectors[0]?.calls.map((c) => c.method)).not.toContain("getAttendance");
    expect(text).toMatch(
      /left out: registers by form: each costs about one upstream request per pupil; ask get_attendance with a form or year groupId/,
    );
  });

  it("counts a message from just after midnight BST as today, by the provider's day", async () => {
    // 23:15 UTC on 1 July is 00:15 BST on 2 July; the clock reads 00:30 BST on 2 July.
    const { structured } = await callRecords(
      "daily_summary",
      {},
      {
        clock: createClock(1, "2026-07-01T23:30:00Z"),
        setup: ({ connectors }) => {
          const a = connectors[0];
          if (!a) return;
          a.listMessages = async () => ({
            items: [
              { id: "t1", subject: "Late", participants: [], lastMessageAt: "2026-07-01T23:15:00Z" },
              { id: "t2", subject: "Earlier", participants: [], lastMessageAt: "2026-07-01T22:45:00Z" },
            ],
          });
          a.listAnnouncements = async () => [
            { id: "a9", title: "Sports day", description: "", timestamp: "2026-07-02T00:10:00+01:00" },
          ];
        },
      },
    );
    expect(structured["days"]).toEqual([
      expect.objectContaining({ messagesToday: 1, announcementsToday: 1 }),
    ]);
  });

  it("asks both connections; one rate limited says so per part while the other answers", async () => {
    const { structured, text } = await callRecords(
      "daily_summary",
      {},
      {
        ids: ["north", "south"],
        clock: clock(),
        setup: ({ connectors }) => {
          const south = connectors[1];
          if (south) south.failWith = rateLimited();
        },
      },
    );
    expectOutputMatches("daily_summary", structured);
    const days = structured["days"] as { connection: string; leftOut: string[]; lessonsToday?: number }[];
    expect(days.map((d) => d.connection)).toEqual(["north", "south"]);
    expect(days[0]).toMatchObject({ lessonsToday: 2, messagesToday: 1 });
    expect(days[1]?.lessonsToday).toBeUndefined();
    expect(days[1]?.leftOut).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^lessons: .*rate/i),
        expect.stringMatching(/^messages: /),
      ]),
    );
    expect(text).toMatch(/\n- south · 0 request\(s\) · left out: .*lessons: .*rate/i);
  });
});
