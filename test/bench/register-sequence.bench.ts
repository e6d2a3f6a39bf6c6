import { pathToFileURL } from "node:url";
import { type CallContext, type Continuation, READ_SCOPES } from "../../src/domain/index.js";
import { silentLogger } from "../../src/log.js";
import type { HubmisConnection } from "../../src/providers/hubmis/config.js";
import { HubmisConnector } from "../../src/providers/hubmis/connector.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { startHubmisSandbox } from "../../src/sandbox/hubmis/index.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { WEDNESDAY, WEDNESDAY_AFTERNOON } from "../sandbox/hubmis-http.js";

/**
 * A form's registers for today asked three times in a row, as a client follows the cursor: each call has a
 * short deadline, the background goes on between calls. Prints the duplicate records (the final answer
 * holds each pupil's registers once, and no pupil's register is asked for twice) and the requests spent
 * against the form's pupils plus the reference pages.
 */
const SCALE = 60;
const DEADLINE_MS = 700;

export async function runRegisterSequenceBench(): Promise<void> {
  const clock = createClock(SCALE, WEDNESDAY_AFTERNOON);
  const sandbox = await startHubmisSandbox({ seed: 20260901, clock });
  const cache = createSharedCache("memory");
  const connector = new HubmisConnector("oakfield", sandbox.connections["oakfield"] as HubmisConnection, {
    logger: silentLogger,
    cache,
    cacheSensitive: false,
    timeScale: SCALE,
    clock,
  });
  const form = sandbox.data.forms.find((f) => f.code === "9R");
  const pupils = sandbox.data.students.filter(
    (s) => s.enrolmentStatus === "current" && s.formId === form?.id,
  );
  try {
    let cursor: string | undefined;
    let last: Awaited<ReturnType<HubmisConnector["getAttendance"]>> | undefined;
    const calls: string[] = [];
    for (let call = 1; call <= 3; call++) {
      const ctx: CallContext = {
        scopes: new Set(READ_SCOPES),
        caller: "bench",
        logger: silentLogger,
        deadline: Date.now() + DEADLINE_MS,
      };
      last = await connector.getAttendance(
        { groupId: "9R", from: WEDNESDAY, to: WEDNESDAY, ...(cursor ? { cursor } : {}) },
        ctx,
      );
      const pupilsSoFar = new Set(last.records.map((r) => r.studentId)).size;
      const continuation: Continuation | undefined = last.continuation;
      calls.push(
        `call ${call}: ${pupilsSoFar} of ${pupils.length} pupils${continuation ? `, ask again in about ${continuation.estimatedSeconds} s` : ", complete"}`,
      );
      if (!continuation) break;
      cursor = continuation.cursor;
      await new Promise((resolve) => setTimeout(resolve, continuation.estimatedSeconds * 400));
    }
    const marks = new Map<string, number>();
    for (const r of last?.records ?? []) {
      const key = `${r.studentId} ${r.date} ${r.session ?? ""}`;
      marks.set(key, (marks.get(key) ?? 0) + 1);
    }
    const repeatedMarks = [...marks.values()].reduce((sum, n) => sum + n - 1, 0);
    const registerUrls = [...sandbox.server.stats.byUrl].filter(([k]) =>
      /\/students\/[^/]+\/attendance/.test(k),
    );
    const repeatedRequests = registerUrls.reduce((sum, [, n]) => sum + n - 1, 0);
    const otherPages = [...sandbox.server.stats.byUrl].filter(
      ([k]) => !/\/students\/[^/]+\/attendance/.test(k),
    );
    const total = sandbox.server.stats.requests;
    console.log(
      `Three-call register sequence: 9R today (${pupils.length} pupils), ${DEADLINE_MS} ms deadline a call, ${SCALE}x clock`,
    );
    for (const line of calls) console.log(`  ${line}`);
    console.log(
      `  duplicate records in the answers' sequence: ${repeatedMarks} (repeated register requests: ${repeatedRequests})`,
    );
    console.log(
      `  upstream requests: ${total} against ${pupils.length} pupils + ${otherPages.length} token, reference and member pages = ${pupils.length + otherPages.length}`,
    );
  } finally {
    await connector.close();
    await cache.close();
    await sandbox.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runRegisterSequenceBench();
}
