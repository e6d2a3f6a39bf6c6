/** Raw-HTTP contract: the ClassCharts sandbox's login forms, cookies, ping renewal and session lapses. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import { createClock } from "../../src/sandbox/common/clock.js";

const FORM = { "content-type": "application/x-www-form-urlencoded" };
// 200x: the 180 s renewal window is 0.9 s, the 300 s idle limit 1.5 s, the 15 s grace 75 ms.
const SCALE = 200;

let sandbox: ClassChartsSandbox;

beforeAll(async () => {
  sandbox = await startClassChartsSandbox({ seed: 7, clock: createClock(SCALE) });
});
afterAll(() => sandbox.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function dmy(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

async function postLogin(role: "student" | "parent", fields: Record<string, string>) {
  return fetch(`${sandbox.url}/${role}/login`, {
    method: "POST",
    redirect: "manual",
    headers: FORM,
    body: new URLSearchParams(fields),
  });
}

function credentialsCookie(response: Response, name: string): { session_id: string; remember_me: boolean } {
  const line = response.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`no ${name} cookie`);
  const value = line.split(";", 1)[0]!.slice(name.length + 1);
  return JSON.parse(decodeURIComponent(value));
}

/** The website's student login form, filled in for a pupil, with "remember me" ticked. */
async function postStudentLogin(index = 0): Promise<Response> {
  const pupil = sandbox.data.pupils[index]!;
  return postLogin("student", {
    _method: "POST",
    code: pupil.code,
    dob: dmy(pupil.dob),
    remember_me: "1",
    "recaptcha-token": "no-token-available",
  });
}

async function studentLogin(index = 0): Promise<string> {
  const response = await postStudentLogin(index);
  return credentialsCookie(response, "student_session_credentials").session_id;
}

async function parentLogin(): Promise<string> {
  const response = await postLogin("parent", {
    _method: "POST",
    email: sandbox.data.parent.email,
    logintype: "existing",
    password: sandbox.data.parent.password,
    "recaptcha-token": "no-token-available",
  });
  return credentialsCookie(response, "parent_session_credentials").session_id;
}

type PupilFields = { id: number; display_attendance: boolean; homework_todo_count?: number };
/** The envelope as these tests read it: ping's data.user, or the pupils list. */
interface Envelope {
  success: number;
  error?: string;
  expired?: number;
  data: { user: PupilFields } & PupilFields[];
  meta: { session_id: string };
}

async function api(path: string, session: string | undefined, init: RequestInit = {}) {
  const headers: Record<string, string> = session ? { authorization: `Basic ${session}` } : {};
  const response = await fetch(`${sandbox.url}${path}`, {
    ...init,
    headers: { ...headers, ...(init.headers as Record<string, string>) },
  });
  return { status: response.status, body: (await response.json()) as Envelope };
}

async function ping(base: "apiv2student" | "apiv2parent", session: string) {
  return api(`/${base}/ping`, session, { method: "POST", headers: FORM, body: "include_data=true" });
}

describe("login forms", () => {
  it("a student login answers 302 with the credentials cookie and a site cookie, both with Expires dates", async () => {
    const response = await postStudentLogin();
    expect(response.status).toBe(302);
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).toMatch(/expires=\w{3}, \d{2} \w{3} \d{4}/);
    const credentials = credentialsCookie(response, "student_session_credentials");
    expect(credentials.session_id).toMatch(/^[a-z0-9]{20,}$/);
    expect(credentials.remember_me).toBe(true);
    // The reason clients must not split the joined header on commas: the Expires dates contain them.
    const joined = response.headers.get("set-cookie")!;
    expect(joined.split(",").length).toBeGreaterThan(cookies.length);
  });

  it("a parent login answers 302 with parent_session_credentials", async () => {
    const session = await parentLogin();
    expect(session).toMatch(/^[a-z0-9]{20,}$/);
  });

  it.each([
    ["a wrong date of birth", (code: string) => ({ code, dob: "01/01/2000" })],
    ["a lower-case code", (code: string, dob: string) => ({ code: code.toLowerCase(), dob: dmy(dob) })],
    ["the date of birth as YYYY-MM-DD", (code: string, dob: string) => ({ code, dob })],
    ["no fields at all", () => ({})],
  ])("a student login with %s shows the login page again without credentials", async (_label, fields) => {
    const pupil = sandbox.data.pupils[0]!;
    const response = await postLogin("student", { _method: "POST", ...fields(pupil.code, pupil.dob) });
    expect(response.status).toBe(200);
    const names = response.headers.getSetCookie().map((c) => c.split("=", 1)[0]);
    expect(names).toContain("classcharts_site");
    expect(names).not.toContain("student_session_credentials");
    expect(await response.text()).toContain("pupil code or date of birth you entered is incorrect");
  });

  it("a parent login with a wrong password or without logintype is refused", async () => {
    const base = { _method: "POST", email: sandbox.data.parent.email, logintype: "existing" };
    for (const fields of [
      { ...base, password: "wrong" },
      { _method: "POST", email: sandbox.data.parent.email, password: sandbox.data.parent.password },
    ]) {
      const response = await postLogin("parent", fields);
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie().join()).not.toContain("parent_session_credentials");
      expect(await response.text()).toContain("email address or password you entered is incorrect");
    }
  });
});

describe("ping and sessions", () => {
  it("a student ping returns the pupil (with display flags) and a new session id", async () => {
    const session = await studentLogin();
    const { status, body } = await ping("apiv2student", session);
    expect(status).toBe(200);
    expect(body.success).toBe(1);
    expect(body.data.user.id).toBe(sandbox.data.pupils[0]!.id);
    expect(body.data.user.display_attendance).toBe(true);
    expect(body.meta.session_id).toMatch(/^[a-z0-9]{20,}$/);
    expect(body.meta.session_id).not.toBe(session);
  });

  it("a parent ping describes the parent; the pupils call lists both children with their flags", async () => {
    const session = await parentLogin();
    const pinged = await ping("apiv2parent", session);
    expect(pinged.body.data.user.id).toBe(sandbox.data.parent.id);
    const { body } = await api("/apiv2parent/pupils", pinged.body.meta.session_id);
    expect(body.data.map((p) => p.id)).toEqual(sandbox.data.parent.pupilIds);
    expect(body.data.map((p) => p.display_attendance)).toEqual([true, false]);
    expect(body.data[0]?.homework_todo_count).toEqual(expect.any(Number));
  });

  it("the replaced id keeps working only briefly after a ping", async () => {
    const old = await studentLogin();
    const fresh = (await ping("apiv2student", old)).body.meta.session_id;
    const pupilId = sandbox.data.pupils[0]!.id;
    expect((await api(`/apiv2student/classes/${pupilId}`, old)).body.success).toBe(1);
    await sleep(150); // past the 15 s (75 ms) grace
    expect((await api(`/apiv2student/classes/${pupilId}`, old)).body).toMatchObject({
      success: 0,
      expired: 1,
    });
    expect((await api(`/apiv2student/classes/${pupilId}`, fresh)).body.success).toBe(1);
  });

  it("an id not renewed within 180 s stops serving data, yet a ping still renews it", async () => {
    const session = await studentLogin();
    const pupilId = sandbox.data.pupils[0]!.id;
    await sleep(1_000); // 200 simulated seconds
    const lapsed = await api(`/apiv2student/classes/${pupilId}`, session);
    expect(lapsed.body).toEqual({
      success: 0,
      error: "You are not logged in",
      expired: 1,
      data: null,
      meta: null,
    });
    const renewed = await ping("apiv2student", session);
    expect(renewed.body.success).toBe(1);
    expect((await api(`/apiv2student/classes/${pupilId}`, renewed.body.meta.session_id)).body.success).toBe(
      1,
    );
  });

  it("an idle session dies after about five minutes: even ping is refused", async () => {
    const session = await studentLogin();
    await sleep(1_700); // 340 simulated seconds
    const { status, body } = await ping("apiv2student", session);
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: 0, expired: 1, error: "You are not logged in" });
  });
});

describe("auth failures", () => {
  it("answer 200 with success 0 on some endpoints and 401 on others, always in the envelope", async () => {
    const pupilId = sandbox.data.pupils[0]!.id;
    const activity = await api(`/apiv2student/activity/${pupilId}`, "no-such-session");
    expect(activity.status).toBe(200);
    expect(activity.body).toMatchObject({ success: 0, expired: 1, data: null, meta: null });
    const timetable = await api(`/apiv2student/timetable/${pupilId}?date=2026-01-05`, undefined);
    expect(timetable.status).toBe(401);
    expect(timetable.body).toMatchObject({ success: 0, expired: 1, error: "You are not logged in" });
  });

  it("a student session is not a parent session", async () => {
    const session = await studentLogin();
    const { body } = await api("/apiv2parent/pupils", session);
    expect(body).toMatchObject({ success: 0, expired: 1 });
  });

  it("authFailureStatus forces one status everywhere", async () => {
    const strict = await startClassChartsSandbox({ seed: 7, clock: createClock(1), authFailureStatus: 401 });
    try {
      const response = await fetch(`${strict.url}/apiv2student/activity/1`, {
        headers: { authorization: "Basic nope" },
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ success: 0, expired: 1 });
    } finally {
      await strict.close();
    }
  });

  it("with ssoLoop the pupils call redirects round a loop back to itself", async () => {
    const looping = await startClassChartsSandbox({ seed: 7, clock: createClock(1), ssoLoop: true });
    try {
      const seen: string[] = [];
      let path = "/apiv2parent/pupils";
      for (let hop = 0; hop < 4; hop++) {
        const response = await fetch(`${looping.url}${path}`, { redirect: "manual" });
        expect(response.status).toBe(302);
        seen.push(path);
        path = response.headers.get("location")!;
      }
      expect(seen).toEqual([
        "/apiv2parent/pupils",
        "/parent/sso/start",
        "/parent/sso/callback",
        "/apiv2parent/pupils",
      ]);
      await expect(fetch(`${looping.url}/apiv2parent/pupils`)).rejects.toThrow();
    } finally {
      await looping.close();
    }
  });
});
