/**
 * "Ask again with the cursor until whole": a question answered in parts is asked again with each answer's
 * cursor until an answer carries none, pausing between asks (the budget frees meanwhile). Each answer is
 * cumulative, so the last one is the whole answer; `calls` counts every ask.
 */
export async function followCursor<T>(
  ask: (cursor: string | undefined) => Promise<T>,
  cursorOf: (answer: T) => string | undefined,
  options: { maxCalls: number; pauseMs?: number },
): Promise<{ answer: T; calls: number }> {
  let answer = await ask(undefined);
  let calls = 1;
  for (
    let cursor = cursorOf(answer);
    cursor !== undefined && calls < options.maxCalls;
    cursor = cursorOf(answer)
  ) {
    if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    answer = await ask(cursor);
    calls++;
  }
  return { answer, calls };
}
