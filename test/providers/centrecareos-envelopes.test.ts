import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CentreCareOsSandboxOptions } from "../../src/sandbox/centrecareos/index.js";
import {
  type CentreCareOsHarness,
  type CentreCareOsOps,
  callContext,
  startCentreCareOsHarness,
} from "./centrecareos-harness.js";

/**
 * Both envelope assumptions: the same nursery served wrapped ({data, pagination}) and bare (arrays and
 * objects alone, numbers as strings) must give the connector identical answers.
 */
type Ops = CentreCareOsOps;
const ctx = callContext();
const sides: CentreCareOsHarness[] = [];

async function side(options: Partial<CentreCareOsSandboxOptions>) {
  const harness = await startCentreCareOsHarness({ seed: 61, sandbox: options });
  sides.push(harness);
  return harness.connector;
}
let today: string;

let wrapped: Ops;
let bare: Ops;
beforeAll(async () => {
  wrapped = await side({ envelope: "wrapped" });
  bare = await side({ envelope: "bare", numbersAsStrings: true });
  today = sides[0]?.sandbox.state.store.today() ?? "";
});
afterAll(async () => {
  for (const harness of sides) await harness.close();
});

async function both<T>(call: (connector: Ops) => Promise<T>): Promise<[T, T]> {
  return [await call(wrapped), await call(bare)];
}

describe("envelope variants", () => {
  it("reads every list and record the same way", async () => {
    const calls: ((c: Ops) => Promise<unknown>)[] = [
      (c) => c.listStudents({ limit: 500 }, ctx),
      (c) => c.listStudents({ groupId: "Wrens" }, ctx),
      (c) => c.getStudent("stu_1003", ctx),
      (c) => c.listStaff({}, ctx),
      (c) => c.listGroups({}, ctx),
      (c) => c.getAttendance({ from: today, to: today, groupId: "Kingfishers" }, ctx),
      (c) => c.listInvoices({ status: "paid", limit: 150 }, ctx),
      (c) => c.getInvoice("inv_5010", ctx),
      (c) => c.listPayments({ limit: 500 }, ctx),
      (c) => c.listMessages({}, ctx),
    ];
    for (const call of calls) {
      const [a, b] = await both(call);
      expect(b).toEqual(a);
    }
    const [groups] = await both((c) => c.listGroups({}, ctx));
    expect(groups[0]?.capacity).toBe(9);
  });

  it("walks pages by cursor without pagination metadata", async () => {
    const walk = async (connector: Ops) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await connector.listPayments({ limit: 70, ...(cursor ? { cursor } : {}) }, ctx);
        ids.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };
    const [a, b] = await both(walk);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
  });

  it("reads write answers in both shapes", async () => {
    const [a, b] = await both((c) => c.recordAttendance({ studentId: "stu_1001", action: "check_in" }, ctx));
    expect(b.outcome).toBe(a.outcome);
    expect({ ...b.record, checkInAt: null }).toEqual({ ...a.record, checkInAt: null });
    const [sentA, sentB] = await both((c) => c.sendMessage({ threadId: "thr_805", content: "Hello" }, ctx));
    expect(sentB.threadId).toBe(sentA.threadId);
    expect(sentB.messageId).toBe(sentA.messageId);
  });
});
