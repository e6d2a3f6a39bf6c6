/**
 * ClassCharts sign-in and session upkeep. Login posts the website's form and reads the session id from a
 * cookie; every session id must be renewed by ping within about 180 s, and idle sessions die after about five
 * minutes. The authenticator renews before the window closes, re-logs in once (single-flight) when the
 * service says "not logged in", and learns at login which pupils the account may see.
 */

import { InvalidResponseError, UnauthorizedError, UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type {
  Authenticator,
  UpstreamCallOptions,
  UpstreamClient,
  UpstreamResponse,
} from "../../upstream/index.js";
import { createSingleFlight, raceAbort } from "../../upstream/index.js";
import { asArray, isAuthFailure, isObject, PROVIDER, unwrap } from "./api.js";
import type { ClassChartsConnection } from "./config.js";
import { CREDENTIAL_COOKIE, LOGIN_FORM, LOGIN_PATH, PATHS, PING_FORM, type Role } from "./endpoints.js";

/** Renew this long after the last ping: well inside the 180 s window, leaving room for slow answers. */
export const RENEW_AFTER_MS = 150_000;

export interface Session {
  id: string;
  /** Cookie header built from the login's Set-Cookie list. */
  cookie: string;
  /** Real ms of the last successful login or ping. */
  renewedAt: number;
  /** The raw pupil objects the account may see (parent: from the pupils call; student: from ping). */
  pupils: Record<string, unknown>[];
}

export const SSO_MESSAGE =
  "ClassCharts login needs the SSO step: the pupils call kept redirecting through the school's single sign-on. " +
  "Sign in once in the ClassCharts website or app to complete it, then try again.";

export class ClassChartsAuth implements Authenticator {
  private session: Session | undefined;
  private readonly flight = createSingleFlight<Session>();
  private readonly renewAfterMs: number;
  /** Completed logins (the figure tests and diagnostics read). */
  logins = 0;

  constructor(
    private readonly config: ClassChartsConnection,
    private readonly client: () => UpstreamClient,
    private readonly logger: Logger,
    timeScale = 1,
  ) {
    this.renewAfterMs = RENEW_AFTER_MS / timeScale;
  }

  get role(): Role {
    return this.config.role;
  }

  async authorize(headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const session = await this.current(signal);
    headers["authorization"] = `Basic ${session.id}`;
    if (session.cookie) headers["cookie"] = session.cookie;
  }

  async refresh(_signal?: AbortSignal): Promise<void> {
    this.session = undefined;
    await this.flight.run("session", () => this.login());
  }

  isAuthFailure(status: number, body: unknown): boolean {
    return isAuthFailure(status, body);
  }

  /**
   * A live session: signs in when there is none, renews by ping when the window is closing. Callers share one
   * sign-in, so no single caller's abort signal is passed to it; each caller stops waiting on its own.
   */
  async current(signal?: AbortSignal): Promise<Session> {
    const session = this.session;
    if (session && Date.now() - session.renewedAt < this.renewAfterMs) return session;
    const shared = this.flight.run("session", () => (session ? this.renew(session) : this.login()));
    return raceAbort(shared, signal);
  }

  /** Replaces the known pupils (a parent's list re-read later carries fresh counters). */
  updatePupils(pupils: Record<string, unknown>[]): void {
    if (this.session) this.session.pupils = pupils;
  }

  private async login(): Promise<Session> {
    const role = this.config.role;
    const form =
      this.config.role === "student"
        ? LOGIN_FORM.student(this.config.code.toUpperCase(), toDayMonthYear(this.config.dateOfBirth))
        : LOGIN_FORM.parent(this.config.email, this.config.password);
    const response = await this.client().request(
      {
        method: "POST",
        path: LOGIN_PATH[role],
        form,
        anonymous: true,
        redirect: "manual",
        expect: "none",
      },
      { scopeKey: "" },
    );
    const cookies = readCookies(response.setCookies);
    const credentials = cookies.get(CREDENTIAL_COOKIE[role]);
    if (credentials === undefined) {
      this.logger.warn("ClassCharts sign-in refused", { role, status: response.status });
      throw new UnauthorizedError(
        role === "student"
          ? `${PROVIDER} refused the sign-in: the pupil code or date of birth is not right. Check the connection's code and dateOfBirth.`
          : `${PROVIDER} refused the sign-in: the email address or password is not right. Check the connection's email and password.`,
      );
    }
    const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const pinged = await this.ping(sessionIdFrom(credentials), cookie);
    const session: Session = {
      id: pinged.id,
      cookie,
      renewedAt: Date.now(),
      pupils: role === "student" ? [pinged.user] : await this.fetchPupils(pinged.id, cookie),
    };
    this.logins++;
    this.session = session;
    this.logger.info("ClassCharts signed in", { role, pupils: session.pupils.length });
    return session;
  }

  /** Ping renews the id; a session that already died needs a fresh login instead. */
  private async renew(session: Session): Promise<Session> {
    let pinged: { id: string; user: Record<string, unknown> };
    try {
      pinged = await this.ping(session.id, session.cookie);
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      this.logger.info("ClassCharts session lapsed; signing in again");
      this.session = undefined;
      return this.login();
    }
    const renewed: Session = {
      ...session,
      id: pinged.id,
      renewedAt: Date.now(),
      pupils: this.config.role === "student" ? [pinged.user] : session.pupils,
    };
    this.session = renewed;
    return renewed;
  }

  private async ping(
    sessionId: string,
    cookie: string,
  ): Promise<{ id: string; user: Record<string, unknown> }> {
    const response = await this.client().request(
      {
        method: "POST",
        path: PATHS.ping(this.config.role),
        form: PING_FORM,
        headers: authHeaders(sessionId, cookie),
        anonymous: true,
      },
      { scopeKey: "" },
    );
    // A 401 arrives as UnauthorizedError from the upstream layer; a 200 with success 0 is checked here.
    if (isAuthFailure(response.status, response.data)) {
      throw new UnauthorizedError(`${PROVIDER} ended the session; signing in again is needed.`);
    }
    const { data, meta } = unwrap(response.data, "the session renewal");
    const id = meta["session_id"];
    if (typeof id !== "string" || id.length === 0) {
      throw new InvalidResponseError(PROVIDER, "the session renewal carried no session id");
    }
    const user = isObject(data) && isObject(data["user"]) ? data["user"] : {};
    return { id, user };
  }

  private async fetchPupils(sessionId: string, cookie: string) {
    const response = await fetchPupilList(this.client(), authHeaders(sessionId, cookie));
    if (isAuthFailure(response.status, response.data)) {
      throw new UnauthorizedError(`${PROVIDER} refused the pupils list right after signing in.`);
    }
    return pupilList(response.data);
  }
}

/**
 * GET the parent's pupils. Since 2026 this call may bounce through an SSO redirect chain; the chain is
 * followed on the same host only, within the upstream layer's hop limit, and a chain that does not end in
 * JSON is reported rather than followed further.
 */
export async function fetchPupilList(
  client: UpstreamClient,
  headers: Record<string, string> | undefined,
  signal?: AbortSignal,
  call: UpstreamCallOptions = { scopeKey: "" },
): Promise<UpstreamResponse<unknown>> {
  let response: UpstreamResponse<unknown>;
  try {
    response = await client.request(
      {
        method: "GET",
        path: PATHS.pupils(),
        redirect: "follow",
        ...(headers ? { headers, anonymous: true } : { cache: { kind: "directory" } }),
        ...(signal ? { signal } : {}),
      },
      call,
    );
  } catch (error) {
    if (error instanceof InvalidResponseError && /redirect/i.test(error.message)) {
      throw new UnauthorizedError(SSO_MESSAGE);
    }
    throw error;
  }
  if (response.status >= 300 && response.status < 400) throw new UnauthorizedError(SSO_MESSAGE);
  return response;
}

export function pupilList(body: unknown): Record<string, unknown>[] {
  const { data } = unwrap(body, "the pupils list");
  return asArray(data, "the pupils list").filter(isObject);
}

function authHeaders(sessionId: string, cookie: string): Record<string, string> {
  return { authorization: `Basic ${sessionId}`, ...(cookie ? { cookie } : {}) };
}

/** name → value from a Set-Cookie list (each entry is one cookie; attributes after the first ";"). */
export function readCookies(setCookies: string[]): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of setCookies) {
    const pair = line.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return cookies;
}

function sessionIdFrom(cookieValue: string): string {
  try {
    const parsed: unknown = JSON.parse(decodeURIComponent(cookieValue));
    const id = isObject(parsed) ? parsed["session_id"] : undefined;
    if (typeof id === "string" && id.length > 0) return id;
  } catch {
    // fall through to the typed error
  }
  throw new InvalidResponseError(PROVIDER, "the sign-in cookie did not hold a session id");
}

/** The login form wants DD/MM/YYYY; the config may hold YYYY-MM-DD or DD/MM/YYYY already. */
export function toDayMonthYear(date: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  if (/^\d{2}\/\d{2}\/\d{4}$/.test(date)) return date;
  throw new UserInputError("dateOfBirth must be YYYY-MM-DD or DD/MM/YYYY", "dateOfBirth");
}
