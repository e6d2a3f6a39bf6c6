/**
 * The one clock that "today", "this morning" and every dated record are computed from. The sandbox and the
 * connectors share one instance, so tests pin both to the same instant and no answer depends on the hour a
 * test happens to run. Elapsed-time measures (rate windows, cache ages, timeouts) stay on the wall clock.
 */
export interface Clock {
  /** Epoch ms. */
  now(): number;
}

/** A clock that runs from `start` at `scale` times the wall clock's pace; the sandbox's time-scaled windows use it. */
export interface ScaledClock extends Clock {
  readonly scale: number;
  /** Real ms that correspond to a simulated duration. */
  toRealMs(simulatedMs: number): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * Starts at `start` (default: the wall clock's now) and runs `scale` times faster than the wall clock.
 * A pinned start is how tests and `--now` put the whole system at 06:30 on a Monday or 23:58 before midnight.
 */
export function createClock(scale = 1, start?: number | string | Date): ScaledClock {
  if (!(scale > 0)) throw new Error("time scale must be positive");
  const realStart = Date.now();
  const simulatedStart = start === undefined ? realStart : toEpoch(start);
  return {
    scale,
    now: () => simulatedStart + (Date.now() - realStart) * scale,
    toRealMs: (ms) => ms / scale,
  };
}

function toEpoch(value: number | string | Date): number {
  const ms =
    typeof value === "number" ? value : typeof value === "string" ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(value)}`);
  return ms;
}
