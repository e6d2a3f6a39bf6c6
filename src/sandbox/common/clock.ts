/**
 * Sandbox time is the shared clock (`src/time/clock.ts`): `scale` speeds up every window the simulated
 * providers enforce (token expiry, rate limits, session lapses), and a pinned start puts the sandbox, and
 * the connectors given the same clock, at any instant. "Today" is the provider-local date of `now()`, and
 * nothing the sandbox serves is dated after `now()`.
 */
import { createClock, type ScaledClock } from "../../time/clock.js";

export type SandboxClock = ScaledClock;
export { createClock };

/** YYYY-MM-DD of a Date in UTC. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  const copy = new Date(date.getTime());
  copy.setUTCDate(copy.getUTCDate() + days);
  return copy;
}

/** Midnight UTC of the given day (default: today). */
export function startOfDay(date: Date = new Date()): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Monday of the week containing `date`. */
export function startOfWeek(date: Date): Date {
  const day = date.getUTCDay();
  return addDays(startOfDay(date), -((day + 6) % 7));
}

export function isWeekday(date: Date): boolean {
  const day = date.getUTCDay();
  return day !== 0 && day !== 6;
}
