import { UserInputError } from "../../src/errors.js";
import { addDays, daysBetween } from "../../src/time/local.js";

export const MAX_RANGE_DAYS = 366;

/**
 * Resolves date / from / to into an inclusive range of provider-local days. `today` is the caller's
 * provider-local date (ToolContext.today()), never the machine's UTC date. `date` alone is one day; `from`
 * alone runs `defaultDays` from there, or to today when the default is one day; `to` alone reaches back
 * `defaultDays`; nothing given starts today. Ranges over a year are refused with the limit.
 */
export function resolveRange(
  input: { date?: string | undefined; from?: string | undefined; to?: string | undefined },
  today: string,
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
  } else if (input.from && input.to) {
    from = input.from;
    to = input.to;
  } else if (input.from) {
    from = input.from;
    to = defaultDays > 1 ? addDays(from, defaultDays - 1) : from > today ? from : today;
  } else if (input.to) {
    to = input.to;
    from = addDays(to, -(defaultDays - 1));
  } else {
    from = today;
    to = addDays(from, defaultDays - 1);
  }
  if (from > to) throw new UserInputError(`from (${from}) is after to (${to}).`, "from");
  const days = daysBetween(from, to) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new UserInputError(
      `The range is ${days} days; the limit is ${MAX_RANGE_DAYS}. Ask for a shorter range.`,
      "to",
    );
  }
  return { from, to };
}
