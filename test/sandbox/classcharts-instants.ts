/**
 * The instants ClassCharts' "today" suites run at, each with what a London school shows then: the day, and
 * which of today's registers are taken and points given. One clock pinned at the instant is handed to the
 * sandbox and the connector alike, so neither reads the machine's hour.
 */
import { createClock, type ScaledClock } from "../../src/time/clock.js";

export interface Instant {
  label: string;
  /** UTC instant. */
  at: string;
  /** The London day at that instant. */
  today: string;
  /** Today's register keys already marked, sorted. */
  marks: string[];
  /** How many of today's points have been given: none yet, some, or the whole day's. */
  points: "none" | "some" | "all";
}

const WHOLE_DAY = ["AM", "P1", "P2", "P3", "P4", "P5", "PM"];

export const INSTANTS: Instant[] = [
  {
    label: "06:30 on a school day",
    at: "2026-12-07T06:30:00Z",
    today: "2026-12-07",
    marks: [],
    points: "none",
  },
  {
    label: "12:00 on a school day, before the afternoon register",
    at: "2026-12-07T12:00:00Z",
    today: "2026-12-07",
    marks: ["AM", "P1", "P2", "P3"],
    points: "some",
  },
  {
    label: "12:00 on a Saturday",
    at: "2026-12-05T12:00:00Z",
    today: "2026-12-05",
    marks: [],
    points: "none",
  },
  {
    label: "23:59:50, ten seconds before midnight",
    at: "2026-12-02T23:59:50Z",
    today: "2026-12-02",
    marks: WHOLE_DAY,
    points: "all",
  },
  {
    label: "00:00:10, just past midnight",
    at: "2026-12-03T00:00:10Z",
    today: "2026-12-03",
    marks: [],
    points: "none",
  },
  // These schools publish no holidays: mid-August is term time here, and must answer like any school day.
  {
    label: "11:00 BST in the summer holiday",
    at: "2026-08-12T10:00:00Z",
    today: "2026-08-12",
    marks: ["AM", "P1", "P2"],
    points: "some",
  },
  {
    label: "00:30 BST, when UTC is still on the day before",
    at: "2026-06-30T23:30:00Z",
    today: "2026-07-01",
    marks: [],
    points: "none",
  },
];

/**
 * A clock that starts at the instant and runs at a thousandth of real pace: it holds still for the length of
 * a suite (a minute of test is 60 ms of school day), yet still moves forward, as sessions expect of a clock.
 */
export function pinnedClock(at: string): ScaledClock {
  return createClock(0.001, at);
}
