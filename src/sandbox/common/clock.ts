/**
 * Sandbox time. `scale` speeds up every window the simulated providers enforce (token expiry, rate limits,
 * session lapses), so an hour of upstream behaviour can be tested in seconds. Data dates stay on the real
 * calendar: "today" is the machine's date, so "this morning" always has records.
 */
export interface SandboxClock {
  /** Simulated epoch ms: starts at real now and runs `scale` times faster. */
  now(): number;
  readonly scale: number;
  /** Real ms that correspond to a simulated duration. */
  toRealMs(simulatedMs: number): number;
}

export function createClock(scale = 1): SandboxClock {
  if (!(scale > 0)) throw new Error("time scale must be positive");
  const realStart = Date.now();
  return {
    scale,
    now: () => realStart + (Date.now() - realStart) * scale,
    toRealMs: (ms) => ms / scale,
  };
}

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
