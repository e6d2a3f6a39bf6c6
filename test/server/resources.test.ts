/**
 * Resources read through the tools they name, over a real in-memory client on the demo: the same answer as
 * the tool, the same withheld parts, the same scope checks, and "not found" for a URI no template matches.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WITHHELD } from "../../src/domain/index.js";
import { READ_SCOPES } from "../../src/domain/scopes.js";
import { type DemoHarness, startDemo } from "../helpers/demo.js";

const read = async (demo: DemoHarness, uri: string): Promise<unknown> => {
  const result = await demo.client.readResource({ uri });
  const [first] = result.contents;
  expect(first).toMatchObject({ uri, mimeType: "application/json" });
  return JSON.parse(first && "text" in first ? first.text : "null");
};

describe("resources", () => {
  let demo: DemoHarness;
  let pupil: string;

  beforeAll(async () => {
    // HUBmis's limit runs 30x faster (its dates do not): the profile, roster and calendar cost more than
    // 12 requests, which at the real limit would be a minute's wait.
    demo = await startDemo({ sandbox: { rateLimitScale: { hubmis: 30 } } });
    const listed = await demo.call<{ students: Array<{ id: string }> }>("list_students", {
      connection: "oakfield",
      groupId: "9R",
    });
    pupil = listed.students[0]?.id ?? "";
    expect(pupil).not.toBe("");
  });
  afterAll(() => demo?.close());

  it("lists the profile, roster and calendar templates", async () => {
    const { resourceTemplates } = await demo.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      "school://{connection}/calendar",
      "school://{connection}/groups/{groupId}/roster",
      "school://{connection}/students/{studentId}",
    ]);
  });

  it("reads a pupil's profile as get_student answers it, sensitive parts withheld alike", async () => {
    const viaResource = (await read(demo, `school://oakfield/students/${pupil}`)) as Record<string, unknown>;
    const viaTool = await demo.call("get_student", { connection: "oakfield", studentId: pupil });
    expect(viaResource).toEqual(viaTool);
    expect(JSON.stringify(viaResource)).toContain(WITHHELD);
  });

  it("reads a group's roster and the school calendar as their tools answer them", async () => {
    expect(await read(demo, "school://oakfield/groups/9R/roster")).toEqual(
      await demo.call("list_students", { connection: "oakfield", groupId: "9R" }),
    );
    const calendar = (await read(demo, "school://oakfield/calendar")) as { days: unknown[] };
    expect(calendar).toEqual(await demo.call("get_school_calendar", { connection: "oakfield" }));
    expect(calendar.days.length).toBeGreaterThan(0);
  });

  it("answers not found for a URI no template matches, and names it", async () => {
    await expect(demo.client.readResource({ uri: "school://oakfield/nothing-here" })).rejects.toThrow(
      /not found/i,
    );
  });
});

describe("resources for a caller without students:read", () => {
  let demo: DemoHarness;
  beforeAll(async () => {
    const scopes = new Set(READ_SCOPES.filter((s) => s !== "students:read"));
    demo = await startDemo({ caller: { name: "office", scopes } });
  });
  afterAll(() => demo?.close());

  it("neither lists nor reads a pupil's profile", async () => {
    const { resourceTemplates } = await demo.client.listResourceTemplates();
    const names = resourceTemplates.map((t) => t.uriTemplate);
    expect(names).not.toContain("school://{connection}/students/{studentId}");
    expect(names).not.toContain("school://{connection}/groups/{groupId}/roster");
    await expect(demo.client.readResource({ uri: "school://oakfield/students/1" })).rejects.toThrow();
  });
});
