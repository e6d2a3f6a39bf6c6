import type { CallToolResult } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import type { SaveStudentInput } from "../../src/domain/connector.js";
import { connectInMemory } from "../../src/server/in-memory.js";
import { createTestConnector, testRuntime } from "../helpers/test-connector.js";
import { sharedChecks } from "./harness.js";

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.map((o) => o.close()));
  open = [];
});

async function setup() {
  const connector = createTestConnector("a", ["saveStudent"]);
  const saved: SaveStudentInput[] = [];
  connector.saveStudent = async (input) => {
    saved.push(input);
    const firstName = input.firstName ?? "Ada";
    const lastName = input.lastName ?? "Test";
    return { id: input.id ?? "new-1", firstName, lastName, displayName: `${firstName} ${lastName}` };
  };
  const runtime = testRuntime([{ connector, scopes: ["students:read", "students:write"] }]);
  const connected = await connectInMemory(runtime);
  open.push(connected, runtime);
  const call = async (args: Record<string, unknown>) =>
    (await connected.client.callTool({ name: "save_student", arguments: args })) as CallToolResult;
  return { saved, call };
}

const text = (result: CallToolResult) =>
  result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

describe("save_student", () => {
  sharedChecks(
    "save_student",
    { studentId: "7", lastName: "Byron" },
    { dateOfBirth: "01/04/2023" },
    /dateOfBirth/,
  );

  it("creates with every required field and says what it did", async () => {
    const { saved, call } = await setup();
    const result = await call({
      firstName: "Ada",
      lastName: "Lovelace",
      dateOfBirth: "2023-04-01",
      roomId: "Robins",
    });
    expect(result.isError).toBeFalsy();
    expect(saved).toEqual([
      { firstName: "Ada", lastName: "Lovelace", dateOfBirth: "2023-04-01", roomId: "Robins" },
    ]);
    expect(text(result)).toMatch(/Created Ada Lovelace \(id new-1\)/);
  });

  it("names the missing fields for a create and writes nothing", async () => {
    const { saved, call } = await setup();
    const result = await call({ firstName: "Ada" });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/also give: lastName, dateOfBirth, roomId/);
    expect(saved).toHaveLength(0);
  });

  it("refuses control, bidi and invisible characters in a name and writes nothing", async () => {
    const { saved, call } = await setup();
    for (const bad of ["Ada\r\nX", "Ada\u0000", "Ada\u202Eecilob", "A\u200Bda"]) {
      const result = await call({ studentId: "7", firstName: bad });
      expect(result.isError, JSON.stringify(bad)).toBe(true);
      expect(text(result)).toMatch(/firstName: must not contain control, bidi or invisible characters/);
    }
    expect(saved).toHaveLength(0);
  });

  it("updates only the fields given", async () => {
    const { saved, call } = await setup();
    const result = await call({ studentId: "7", lastName: "Byron" });
    expect(result.isError).toBeFalsy();
    expect(saved).toEqual([{ id: "7", lastName: "Byron" }]);
    expect(text(result)).toMatch(/Updated Ada Byron \(id 7\)/);
  });
});
