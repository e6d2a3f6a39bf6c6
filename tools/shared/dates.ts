import { UserInputError } from "../../src/errors.js";

export const MAX_RANGE_DAYS = 366;

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function shiftDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

/**
 * Resolves date / from / to into a range: `date` alone is one day; `from` without `to` runs to today (or
 * from + defaultDays); nothing given is today. Ranges over a year are refused with the limit.
 */
export function resolveRange(
  input: { date?: string | undefined; from?: string | undefined; to?: string | undefined },
  defaultDays = 1,
): { from: string; to: string } {
  if (input.date && (input.from || input.to)) {
    throw new UserInputError("Give either date, or from and to, not both.", "date");
  }
  let from: string;
  let to: string;
  if (input.date) {
    from = input.date;
    to = input.date;
  } else if (input.from || input.to) {
    from = input.from ?? shiftDays(input.to as string, -(defaultDays - 1));
    to = input.to ?? shiftDays(from, defaultDays - 1);
  } else {
    from = today();
    to = shiftDays(from, defaultDays - 1);
  }
  if (from > to) throw new UserInputError(`from (${from}) is after to (${to}).`, "from");
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new UserInputError(
      `The range is ${days} days; the limit is ${MAX_RANGE_DAYS}. Ask for a shorter range.`,
      "to",
    );
  }
  return { from, to };
}
