import { UserInputError } from "../../errors.js";
import { daysBetween } from "../../time/local.js";

/** The longest date range any provider is asked for at once: a school year and a day. */
export const MAX_RANGE_DAYS = 366;

/**
 * Checks a from/to pair of local calendar days and returns how many days it covers (inclusive). The same
 * words for every provider, naming the field to change.
 */
export function checkRange(from: string, to: string, provider: string): number {
  for (const [field, value] of [
    ["from", from],
    ["to", to],
  ] as const) {
    const parsed = new Date(`${value}T00:00:00Z`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
      Number.isNaN(parsed.getTime()) ||
      parsed.toISOString().slice(0, 10) !== value
    ) {
      throw new UserInputError(`${field} must be a date as YYYY-MM-DD`, field);
    }
  }
  if (from > to) throw new UserInputError("from must not be after to", "from");
  const days = daysBetween(from, to) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new UserInputError(
      `the date range covers ${days} days; ${provider} is asked for at most ${MAX_RANGE_DAYS} at once. Ask for a shorter range.`,
      "to",
    );
  }
  return days;
}
