import { type Capability, type Connector, OPERATIONS } from "../../src/domain/connector.js";
import { NotFoundError, RateLimitedError } from "../../src/errors.js";
import { silentLogger } from "../../src/log.js";
import { scopeSet } from "../../src/server/caller.js";
import {
  assembleRuntime,
  type ConnectionEntry,
  type Runtime,
  type ToolFilter,
} from "../../src/server/runtime.js";
import type { Clock } from "../../src/time/clock.js";
import { createSharedCache } from "../../src/upstream/index.js";
import { TOOLS } from "../../tools/registry.js";

/**
 * A small in-process connector for testing the server without a provider: fixed records, a count of the
 * calls that reached it, and switchable failures.
 */
export interface TestConnector extends Connector {
  calls: { method: string; args: unknown }[];
  sent: { content: string; recipients?: string[]; threadId?: string }[];
  failWith?: Error;
}

export function createTestConnector(id: string, capabilities?: Capability[]): TestConnector {
  const calls: TestConnector["calls"] = [];
  const sent: TestConnector["sent"] = [];
  const connector: TestConnector = {
    id,
    provider: "test",
    label: `Test school ${id}`,
    timeZone: "Europe/London",
    calls,
    sent,
    async check() {
      calls.push({ method: "check", args: undefined });
      if (connector.failWith) throw connector.failWith;
      return { detail: "ok" };
    },
    async close() {},
    async listStudents(query) {
      calls.push({ method: "listStudents", args: query });
      if (connector.failWith) throw connector.failWith;
      return {
        items: [
          { id: "1", firstName: "Ada", lastName: "Test", displayName: "Ada Test", yearGroup: "Year 9" },
          { id: "2", firstName: "Bo", lastName: "Test", displayName: "Bo Test", yearGroup: "Year 9" },
        ],
      };
    },
    async getStudent(studentId) {
      calls.push({ method: "getStudent", args: studentId });
      if (studentId !== "1") throw new NotFoundError(`No student with id ${studentId}.`);
      return { id: "1", firstName: "Ada", lastName: "Test", displayName: "Ada Test", withheld: ["medical"] };
    },
    async getAttendance(query) {
      calls.push({ method: "getAttendance", args: query });
      if (connector.failWith) throw connector.failWith;
      return {
        records: [{ studentId: "1", date: query.from, session: "am", status: "present", code: "/" }],
        totals: { sessions: 1, present: 1, late: 0, absent: 0, percentage: 100 },
      };
    },
    async getTimetable(query) {
      calls.push({ method: "getTimetable", args: query });
      return [{ date: query.from, start: "09:00", end: "10:00", subject: "Maths", period: "1" }];
    },
    async listWellbeingEvents(query) {
      calls.push({ method: "listWellbeingEvents", args: query });
      return { items: [] };
    },
    async resolveRecipients(input) {
      calls.push({ method: "resolveRecipients", args: input });
      return input.recipients ?? [`thread ${input.threadId}`];
    },
    async sendMessage(input) {
      calls.push({ method: "sendMessage", args: input });
      sent.push({ content: input.content, ...(input.recipients ? { recipients: input.recipients } : {}) });
      return {
        threadId: input.threadId ?? "t-1",
        messageId: `m-${sent.length}`,
        sentAt: new Date().toISOString(),
        recipients: input.recipients ?? [],
      };
    },
  };
  // A narrower test connector simply lacks the other operations, as a provider would.
  if (capabilities) {
    for (const name of Object.keys(OPERATIONS) as Capability[]) {
      if (!capabilities.includes(name)) delete connector[name];
    }
  }
  return connector;
}

export function rateLimited(): Error {
  return new RateLimitedError("TestProvider", 42);
}

/** A runtime over test connectors: each entry's scopes default to read scopes plus messages:write. */
export function testRuntime(
  connectors: { connector: Connector; scopes?: string[] }[],
  filter: Partial<ToolFilter> = {},
  clock?: Clock,
): Runtime {
  const connections = new Map<string, ConnectionEntry>(
    connectors.map(({ connector, scopes }) => [
      connector.id,
      {
        connector,
        scopes: scopeSet(
          scopes ?? [
            "students:read",
            "attendance:read",
            "timetable:read",
            "wellbeing:read",
            "messages:read",
            "messages:write",
          ],
        ),
      },
    ]),
  );
  return assembleRuntime({
    tools: TOOLS,
    connections,
    cache: createSharedCache("memory"),
    logger: silentLogger,
    secret: "test-secret-test-secret-test-secret!",
    filter: { readOnly: false, ...filter },
    ...(clock ? { clock } : {}),
  });
}
