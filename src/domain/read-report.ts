import type { ReadReport } from "./connector.js";

export interface ReadTally {
  unreadable: { what: string; count: number }[];
  filteredOut: { what: string; count: number }[];
}

/** A report that adds up per `what`; the tool layer makes one per connection and call. */
export function createReadReport(): ReadReport & { tally(): ReadTally } {
  const unreadable = new Map<string, number>();
  const filteredOut = new Map<string, number>();
  const add = (map: Map<string, number>, what: string, count: number) => {
    if (count > 0) map.set(what, (map.get(what) ?? 0) + count);
  };
  const list = (map: Map<string, number>) => [...map].map(([what, count]) => ({ what, count }));
  return {
    unreadable: (what, count) => add(unreadable, what, count),
    filteredOut: (what, count) => add(filteredOut, what, count),
    tally: () => ({ unreadable: list(unreadable), filteredOut: list(filteredOut) }),
  };
}
