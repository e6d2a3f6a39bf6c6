import type { ClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";

/** Signs the sandbox's parent in through the login form, as the web app does; the session id it gets. */
export async function parentSession(sandbox: ClassChartsSandbox): Promise<string> {
  const login = await fetch(`${sandbox.url}/parent/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      _method: "POST",
      email: sandbox.data.parent.email,
      logintype: "existing",
      password: sandbox.data.parent.password,
    }),
  });
  const cookie = login.headers.getSetCookie().find((c) => c.startsWith("parent_session_credentials="));
  if (!cookie) throw new Error(`the parent login answered ${login.status} without a session cookie`);
  return JSON.parse(decodeURIComponent(cookie.split(";")[0]?.split("=")[1] ?? "")).session_id as string;
}
