/** The simulated data is built to hold this; a miss is a bug in the sandbox, said plainly. */
export function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`sandbox data has no ${what}`);
  return value;
}
