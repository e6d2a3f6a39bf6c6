/** YYYY-MM-DD arithmetic on the UTC calendar (the sandbox's data calendar). */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function plusDays(date: string, days: number): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}

export function isSchoolDay(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

/** Every date from `from` to `to`, inclusive. */
export function* eachDate(from: string, to: string): Generator<string> {
  for (let date = from; date <= to; date = plusDays(date, 1)) yield date;
}

/** The next school day on or after `date`. */
export function nextSchoolDay(date: string): string {
  let day = date;
  while (!isSchoolDay(day)) day = plusDays(day, 1);
  return day;
}

/** Monday of the week containing `date`. */
export function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return plusDays(date, -((day + 6) % 7));
}
