/**
 * End to end: save_student creates and updates a child over the CentreCareOS sandbox through a real MCP
 * client on the demo stack, and the sandbox's own store shows what was written; refusals write nothing.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Student } from "../../src/domain/index.js";
import { type CentreCareOsSandbox, startCentreCareOsSandbox } from "../../src/sandbox/centrecareos/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";
import { DEFAULT_SEED } from "../../src/sandbox/index.js";
import { type ProviderDemo, resultText, serveProviderDemo } from "./provider-demo.js";

const connection = "little-acorns";
let sandbox: CentreCareOsSandbox;
let demo: ProviderDemo;

async function start(readOnly = false) {
  sandbox = await startCentreCareOsSandbox({
    seed: DEFAULT_SEED,
    clock: createClock(1, "2026-12-07T10:00:00Z"),
  });
  demo = await serveProviderDemo(sandbox, { readOnly });
}
afterEach(() => demo.close());

const IRIS = {
  connection,
  firstName: "Iris",
  lastName: "Murdoch",
  dateOfBirth: "2025-03-14",
  roomId: "Robins",
};
const stored = (id: string) => sandbox.state.store.data.students.find((s) => s.id === id);
const roomId = (name: string) => sandbox.state.store.data.rooms.find((r) => r.name === name)?.id;

describe("save_student over the CentreCareOS sandbox", () => {
  it("creates a child in a room named in words, then updates one field, and the nursery holds both", async () => {
    await start();
    const before = sandbox.state.store.data.students.length;
    const created = await demo.raw("save_student", IRIS);
    expect(created.isError).toBeFalsy();
    const { student } = created.structuredContent as { action: string; student: Student };
    expect(created.structuredContent).toMatchObject({ action: "created" });
    expect(resultText(created)).toMatch(new RegExp(`Created Iris Murdoch \\(id ${student.id}\\)`));
    expect(sandbox.state.store.data.students).toHaveLength(before + 1);
    expect(stored(student.id)).toMatchObject({
      firstName: "Iris",
      lastName: "Murdoch",
      dateOfBirth: "2025-03-14",
      roomId: roomId("Robins"),
    });

    const updated = await demo.call<{ action: string; student: Student }>("save_student", {
      connection,
      studentId: student.id,
      roomId: "Wrens",
    });
    expect(updated.action).toBe("updated");
    expect(stored(student.id)).toMatchObject({ firstName: "Iris", roomId: roomId("Wrens") });

    // A read afterwards sees the change (the write invalidated the cached roster).
    const read = await demo.call<{ student: Student }>("get_student", { connection, studentId: student.id });
    expect(read.student).toMatchObject({ displayName: expect.stringContaining("Iris"), room: "Wrens" });
  });

  it("refuses an incomplete create and an unknown child, writing nothing", async () => {
    await start();
    const before = JSON.stringify(sandbox.state.store.data.students);
    const incomplete = await demo.raw("save_student", { connection, firstName: "Iris" });
    expect(incomplete.isError).toBe(true);
    expect(resultText(incomplete)).toMatch(/also give: lastName, dateOfBirth, roomId/);
    const unknown = await demo.raw("save_student", { connection, studentId: "no-such-child", lastName: "X" });
    expect(unknown.isError).toBe(true);
    expect(resultText(unknown)).toMatch(/no child with id no-such-child/);
    expect(JSON.stringify(sandbox.state.store.data.students)).toBe(before);
  });

  it("is refused in read-only mode, and nothing changes", async () => {
    await start(true);
    const before = sandbox.state.store.data.students.length;
    const refused = await demo.raw("save_student", IRIS);
    expect(refused.isError).toBe(true);
    expect(resultText(refused)).toMatch(/read-only mode\. Nothing was changed\./);
    expect(sandbox.state.store.data.students).toHaveLength(before);
  });
});
