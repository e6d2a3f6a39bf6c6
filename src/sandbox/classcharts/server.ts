import type { SandboxClock } from "../common/clock.js";
import type { SandboxHandler, SandboxReply } from "../common/http.js";
import { type ApiSettings, handleApi, SSO_CHAIN } from "./api.js";
import type { ClassChartsData } from "./data.js";
import { fail } from "./envelope.js";
import { handleLogin } from "./login.js";
import type { SessionStore } from "./sessions.js";

export interface ClassChartsState {
  data: ClassChartsData;
  sessions: SessionStore;
  clock: SandboxClock;
  settings: ApiSettings;
}

const API_BASES = { apiv2student: "student", apiv2parent: "parent" } as const;

/** Routes the website (login forms, SSO hops, the page a login redirects to) and the two API bases. */
export function createClassChartsHandler(state: ClassChartsState): SandboxHandler {
  return (req): SandboxReply => {
    const [first, second, ...rest] = req.segments;
    if (first === "student" || first === "parent") {
      if (second === "login" && req.segments.length === 2) {
        return handleLogin(first, req, state.data, state.sessions, state.clock);
      }
      const hop = SSO_CHAIN.indexOf(req.path);
      if (hop >= 0) {
        // The chain ends back at the pupils call, which starts it again: a loop only an SSO step breaks.
        const next = SSO_CHAIN[hop + 1] ?? "/apiv2parent/pupils";
        return { status: 302, headers: { location: next }, text: "" };
      }
    }
    if (first === "mobile") {
      return {
        status: 200,
        headers: { "content-type": "text/html" },
        text: "<!doctype html><p>ClassCharts</p>",
      };
    }
    if (first !== undefined && first in API_BASES && second !== undefined) {
      const role = API_BASES[first as keyof typeof API_BASES];
      return handleApi(role, second, rest, req, state.data, state.sessions, state.settings, state.clock);
    }
    return fail("Unknown endpoint", { status: 404 });
  };
}
