import { randomBytes } from "node:crypto";
import type { SandboxClock } from "../common/clock.js";
import type { SandboxReply, SandboxRequest } from "../common/http.js";
import type { ClassChartsData } from "./data.js";
import type { Role, SessionStore } from "./sessions.js";

export const CREDENTIAL_COOKIE: Record<Role, string> = {
  student: "student_session_credentials",
  parent: "parent_session_credentials",
};

export const LOGIN_ERRORS: Record<Role, string> = {
  student: "The pupil code or date of birth you entered is incorrect.",
  parent: "The email address or password you entered is incorrect.",
};

/**
 * The website's login forms. Success is a 302 whose Set-Cookie list carries the credentials cookie (URL-encoded
 * JSON holding session_id) beside a site cookie, both with an `Expires=` date whose comma breaks naive
 * header splitting. Failure is the login page again, with the site cookie but no credentials.
 */
export function handleLogin(
  role: Role,
  req: SandboxRequest,
  data: ClassChartsData,
  sessions: SessionStore,
  clock: SandboxClock,
): SandboxReply {
  const form = isForm(req.body) ? req.body : {};
  const accountId = role === "student" ? studentAccount(form, data) : parentAccount(form, data);
  const expires = new Date(clock.now() + 30 * 86_400_000).toUTCString();
  const siteCookie = `classcharts_site=${randomBytes(12).toString("hex")}; expires=${expires}; Max-Age=2592000; path=/; secure; HttpOnly; SameSite=Lax`;
  if (req.method !== "POST" || form["_method"] !== "POST" || accountId === undefined) {
    return {
      status: 200,
      headers: { "set-cookie": [siteCookie], "content-type": "text/html; charset=utf-8" },
      text: loginPage(role, req.method === "POST" ? LOGIN_ERRORS[role] : undefined),
    };
  }
  const session = sessions.create(role, accountId);
  const credentials = encodeURIComponent(
    JSON.stringify({ remember_me: form["remember_me"] === "1", session_id: session.id }),
  );
  return {
    status: 302,
    headers: {
      location: role === "student" ? "/mobile/student" : "/mobile/parent",
      "set-cookie": [
        siteCookie,
        `${CREDENTIAL_COOKIE[role]}=${credentials}; expires=${expires}; Max-Age=2592000; path=/; secure; SameSite=Lax`,
      ],
    },
    text: "",
  };
}

function isForm(body: unknown): body is Record<string, string> {
  return typeof body === "object" && body !== null && !Array.isArray(body);
}

/** The code must arrive upper-cased and the date of birth as DD/MM/YYYY, as the apps send them. */
function studentAccount(form: Record<string, unknown>, data: ClassChartsData): number | undefined {
  const code = form["code"];
  const dob = form["dob"];
  if (typeof code !== "string" || typeof dob !== "string") return undefined;
  const pupil = data.pupils.find((p) => p.code === code);
  if (!pupil) return undefined;
  const [year, month, day] = pupil.dob.split("-");
  return dob === `${day}/${month}/${year}` ? pupil.id : undefined;
}

function parentAccount(form: Record<string, unknown>, data: ClassChartsData): number | undefined {
  const { email, password } = form;
  if (typeof email !== "string" || typeof password !== "string") return undefined;
  if (form["logintype"] !== "existing") return undefined;
  const parent = data.parent;
  return email.trim().toLowerCase() === parent.email && password === parent.password ? parent.id : undefined;
}

function loginPage(role: Role, error: string | undefined): string {
  const alert = error ? `<div class="alert alert-danger" role="alert">${error}</div>` : "";
  return `<!doctype html><html><head><title>ClassCharts ${role} login</title></head><body>${alert}<form method="post" action="/${role}/login"></form></body></html>`;
}
