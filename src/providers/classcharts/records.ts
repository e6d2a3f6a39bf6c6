/** How the ClassCharts connector keeps and checks what it reads: per pupil, per range, counted. */
import type { CallContext, DateRange } from "../../domain/index.js";
import { InvalidResponseError, UserInputError } from "../../errors.js";
import { addDays } from "../../time/local.js";
import { keepMatching, readEach } from "../common/trust.js";
import { PROVIDER } from "./api.js";
import { PARAMS } from "./endpoints.js";
import type { Read, Whose } from "./map.js";
import { isFor, type KnownPupil } from "./pupils.js";
/** readEach over records kept with where they came from (the pupil, the day asked). */
export function readAll<S, T>(
  sources: readonly S[],
  read: (source: S) => T | undefined,
  what: string,
  ctx: CallContext,
): T[] {
  return readEach<T>(sources, (raw) => read(raw as S), what, ctx, PROVIDER);
}

/**
 * Rule 3: "none" is an answer only when the provider said none. When nothing is left for the question and
 * some records could not be read, those may have been the answer, so the call fails saying so.
 */
export function noneOnlyIfSaid<T>(items: T[], unreadable: number, what: string): T[] {
  if (items.length === 0 && unreadable > 0) {
    throw new InvalidResponseError(
      PROVIDER,
      `${unreadable} ${what} it sent could not be read and none of the rest answer the question, so this is not an answer of "none"; report it to the provider or the server's maintainers`,
    );
  }
  return items;
}

/** Whose a pupil's records are, as each returned record names them. */
export function whose(pupil: KnownPupil): Whose {
  return { id: pupil.id, name: pupil.name };
}

/** A record read for `pupil`, kept with the pupil its call was for; undefined stays unreadable. */
export function withPupil<T>(
  read: Read<T | undefined> | undefined,
  pupil: KnownPupil,
): (Read<T> & { pupil: KnownPupil }) | undefined {
  return read?.value === undefined ? undefined : { ...read, value: read.value, pupil };
}

/** Records that say they are another pupil's than the one the call named are dropped and counted (rule 1). */
export function theirs<
  R extends { pupil: KnownPupil; pupilId?: string | undefined; pupilName?: string | undefined },
>(records: R[], all: readonly KnownPupil[], what: string, ctx: CallContext): R[] {
  return keepMatching(records, (r) => isFor(r, r.pupil, all), what, ctx);
}

/**
 * The range sent upstream: a day wider at each end than asked. The reference calls `from` and `to` dates and
 * says no more; a server that reads `to` as the instant its day begins would leave that day out. What comes
 * back is checked against what was sent, then cut to what was asked.
 */
export function widened(q: DateRange): DateRange {
  return { from: addDays(q.from, -1), to: addDays(q.to, 1) };
}

export function rangeQuery(range: DateRange): Record<string, string> {
  return { [PARAMS.from]: range.from, [PARAMS.to]: range.to };
}

export function within(date: string, range: DateRange): boolean {
  return date >= range.from && date <= range.to;
}

/** The records on the London days asked for, both ends included. */
export function inRange<T>(items: T[], range: DateRange, dateOf: (item: T) => string): T[] {
  return items.filter((item) => within(dateOf(item), range));
}

export function noGroups(groupId: string | undefined): void {
  if (groupId !== undefined && groupId !== "") {
    throw new UserInputError(
      "ClassCharts connections have no groups to filter by (valid values: none); leave the group out or pass studentId.",
      "groupId",
    );
  }
}
