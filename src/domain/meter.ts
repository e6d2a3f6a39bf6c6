/**
 * Counts the requests one tool call sends upstream (cache answers cost nothing), so an answer can state
 * what it cost. One meter per call, in its CallContext; connectors pass it on through their call options
 * and the upstream client counts every request it sends.
 */
export interface RequestMeter {
  /** One more request reached the upstream. */
  count(): void;
  /** Requests counted so far. */
  readonly requests: number;
}

export function createMeter(): RequestMeter {
  let requests = 0;
  return {
    count() {
      requests++;
    },
    get requests() {
      return requests;
    },
  };
}
