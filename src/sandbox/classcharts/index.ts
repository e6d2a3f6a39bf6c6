import type { ClassChartsConnection } from "../../providers/classcharts/config.js";
import type { SandboxClock } from "../common/clock.js";
import { startSandboxServer } from "../common/http.js";
import { must } from "../common/must.js";
import { createRandom } from "../common/random.js";
import type { ProviderSandbox, ProviderSandboxOptions } from "../common/types.js";
import { variantFlags } from "../common/variants.js";
import type { ApiSettings } from "./api.js";
import { type ClassChartsData, generateClassChartsData } from "./data.js";
import { asOf } from "./dates.js";
import { fail } from "./envelope.js";
import { createClassChartsHandler } from "./server.js";
import { DEFAULT_TIMINGS, SessionStore } from "./sessions.js";

export interface ClassChartsSandboxOptions extends ProviderSandboxOptions {
  /** Simulated seconds an unused session survives (default 300). */
  sessionIdleSeconds?: number;
  /** Simulated seconds a session id serves data before it must be renewed by ping (default 180). */
  sessionRenewSeconds?: number;
  /** GET /apiv2parent/pupils answers an SSO redirect loop. */
  ssoLoop?: boolean;
  /** Status of "not logged in" answers; unset: 401 on some endpoints, 200 with success 0 on the rest. */
  authFailureStatus?: 200 | 401;
}

export interface ClassChartsSandbox extends ProviderSandbox {
  /** The clock every answer is cut at; hand it to the connectors so both agree on "now". */
  clock: SandboxClock;
  /** Everything generated, including what the clock has not reached yet: read it through dates.ts AsOf. */
  data: ClassChartsData;
  sessions: SessionStore;
  /** Live settings: tests may flip them between calls. */
  settings: ApiSettings;
}

export const CLASSCHARTS_SCOPES = [
  "students:read",
  "attendance:read",
  "timetable:read",
  "behaviour:read",
  "homework:read",
  "messages:read",
];

export async function startClassChartsSandbox(
  options: ClassChartsSandboxOptions,
): Promise<ClassChartsSandbox> {
  // Generated around the clock's London day; answers then cut it at each request's now.
  const data = generateClassChartsData({ seed: options.seed, startDay: asOf(options.clock).today });
  const sessions = new SessionStore(options.clock, {
    ...DEFAULT_TIMINGS,
    ...(options.sessionIdleSeconds ? { idleSeconds: options.sessionIdleSeconds } : {}),
    ...(options.sessionRenewSeconds ? { renewSeconds: options.sessionRenewSeconds } : {}),
  });
  const settings: ApiSettings = {
    ssoLoop: options.ssoLoop ?? false,
    variant: variantFlags(options.variant),
    ...(options.authFailureStatus ? { authFailureStatus: options.authFailureStatus } : {}),
  };
  const server = await startSandboxServer(
    createClassChartsHandler({ data, sessions, clock: options.clock, settings }),
    {
      random: createRandom(options.seed).fork("classcharts-server"),
      ...(options.port ? { port: options.port } : {}),
      ...(options.host ? { host: options.host } : {}),
      errorReply: (status, message) => fail(message, { status }),
    },
  );
  server.faults.set({ latencyMs: options.latencyMs ?? 0, jitterMs: options.jitterMs ?? 0 });

  const student = must(data.pupils[0], "pupil");
  const connections: Record<string, ClassChartsConnection> = {
    "classcharts-parent": {
      provider: "classcharts",
      role: "parent",
      label: "ClassCharts (parent)",
      email: data.parent.email,
      password: data.parent.password,
      baseUrl: server.url,
      scopes: [...CLASSCHARTS_SCOPES],
    },
    "classcharts-student": {
      provider: "classcharts",
      role: "student",
      label: "ClassCharts (student)",
      code: student.code,
      dateOfBirth: student.dob,
      baseUrl: server.url,
      scopes: [...CLASSCHARTS_SCOPES],
    },
  };
  const credentials: Record<string, string> = {
    "classcharts-parent email": data.parent.email,
    "classcharts-parent password": data.parent.password,
  };
  data.pupils.forEach((pupil, index) => {
    credentials[`pupil ${index + 1} code`] = pupil.code;
    credentials[`pupil ${index + 1} date of birth`] = pupil.dob;
  });
  return {
    url: server.url,
    server,
    clock: options.clock,
    faults: server.faults,
    connections,
    credentials,
    data,
    sessions,
    settings,
    close: () => server.close(),
  };
}
