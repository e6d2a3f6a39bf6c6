/** The JSON API under /apiv2student and /apiv2parent: session gate, pupil access, then one answer per endpoint. */
import type { Clock } from "../../time/clock.js";
import type { SandboxReply, SandboxRequest } from "../common/http.js";
import { must } from "../common/must.js";
import type { VariantFlags } from "../common/variants.js";
import { announcementsSoFar } from "./announcements.js";
import { attendanceAnswer, attendanceSoFar } from "./attendance.js";
import {
  ACTIVITY_PAGE_SIZE,
  activityPage,
  behaviourTotals,
  detentionsAsOf,
  pointsSoFar,
} from "./behaviour.js";
import type { ClassChartsData, Pupil } from "./data.js";
import { type AsOf, asOf, isIsoDate } from "./dates.js";
import { fail, notLoggedIn } from "./envelope.js";
import { homeworkAnswer, homeworkSoFar } from "./homework.js";
import type { Role, Session, SessionStore } from "./sessions.js";
import { type AnswerKind, activityPageSize, present, readRange } from "./variants.js";
import { classesView, eventBadges, parentView, pupilView, timetableDay } from "./views.js";

export interface ApiSettings {
  /**
   * The HTTP status of "not logged in" answers. Unset: the service's mixed behaviour, fixed per endpoint so
   * both shapes are exercised: timetable, attendance, announcements and pupils answer 401, the rest 200.
   */
  authFailureStatus?: 200 | 401;
  /** GET /apiv2parent/pupils answers a 302 that leads round an SSO redirect loop. */
  ssoLoop: boolean;
  /** The open reading of the documents this server follows (variants.ts). */
  variant: VariantFlags;
  /** A broken server: `from` and `to` do nothing anywhere, so every dated list comes back whole. */
  ignoreRanges?: boolean;
}

const ANSWERS_401 = new Set(["timetable", "attendance", "announcements", "pupils"]);
export const SSO_CHAIN = ["/parent/sso/start", "/parent/sso/callback"];

class BadRequest extends Error {}

export function handleApi(
  role: Role,
  endpoint: string,
  rest: string[],
  req: SandboxRequest,
  data: ClassChartsData,
  sessions: SessionStore,
  settings: ApiSettings,
  clock: Clock,
): SandboxReply {
  if (role === "parent" && endpoint === "pupils" && settings.ssoLoop) {
    return { status: 302, headers: { location: must(SSO_CHAIN[0], "sign-in chain") }, text: "" };
  }
  const authStatus = settings.authFailureStatus ?? (ANSWERS_401.has(endpoint) ? 401 : 200);
  const header = req.headers.authorization;
  const sessionId = typeof header === "string" ? /^Basic\s+(\S+)$/i.exec(header)?.[1] : undefined;
  const check = sessions.check(sessionId, role, endpoint === "ping" ? "ping" : "data");
  if (!check.ok) return notLoggedIn(authStatus);
  const session = check.session;
  // One instant per answer, so its parts agree on what has happened so far.
  const at = asOf(clock);
  try {
    if (endpoint === "ping") return ping(req, data, sessions, session, at, settings.variant);
    if (endpoint === "pupils" && role === "parent" && rest.length === 0) {
      const pupils = data.parent.pupilIds.map((id) =>
        pupilView(data, must(pupilById(data, id), "parent's pupil"), at),
      );
      return present("pupils", pupils, {}, settings.variant);
    }
    if (!PUPIL_ENDPOINTS.has(endpoint) || rest.length !== 1) return fail("Unknown endpoint", { status: 404 });
    const pupil = accessiblePupil(data, session, rest[0] ?? "");
    if (!pupil) return fail("You do not have access to this pupil");
    const answer = pupilEndpoint(endpoint, pupil, req, data, at, settings);
    if ("status" in answer) return answer;
    return present(answer.kind, answer.data, answer.meta, settings.variant, { pupilId: pupil.id });
  } catch (error) {
    if (error instanceof BadRequest) return fail(error.message, { status: 400 });
    throw error;
  }
}

const PUPIL_ENDPOINTS = new Set([
  "activity",
  "behaviour",
  "homeworks",
  "timetable",
  "attendance",
  "detentions",
  "announcements",
  "eventbadges",
  "classes",
  "customfields",
]);

function ping(
  req: SandboxRequest,
  data: ClassChartsData,
  sessions: SessionStore,
  session: Session,
  at: AsOf,
  variant: VariantFlags,
) {
  const fresh = sessions.renew(session);
  const form = (typeof req.body === "object" && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const includeData = form["include_data"] === "true" || req.query.get("include_data") === "true";
  const user =
    session.role === "student"
      ? pupilView(data, must(pupilById(data, session.accountId), "signed-in pupil"), at)
      : parentView(data);
  const kind = session.role === "student" ? "student-ping" : "parent-ping";
  return present(kind, includeData ? { user } : [], { version: "27.14.2", session_id: fresh.id }, variant);
}

function pupilById(data: ClassChartsData, id: number): Pupil | undefined {
  return data.pupils.find((p) => p.id === id);
}

function accessiblePupil(data: ClassChartsData, session: Session, raw: string): Pupil | undefined {
  if (!/^\d{1,12}$/.test(raw)) return undefined;
  const id = Number(raw);
  const allowed = session.role === "student" ? id === session.accountId : data.parent.pupilIds.includes(id);
  return allowed ? pupilById(data, id) : undefined;
}

interface Answer {
  kind: AnswerKind;
  data: unknown;
  meta: Record<string, unknown>;
}

function pupilEndpoint(
  endpoint: string,
  pupil: Pupil,
  req: SandboxRequest,
  data: ClassChartsData,
  at: AsOf,
  settings: ApiSettings,
): Answer | SandboxReply {
  const asked = settings.ignoreRanges ? {} : { from: dateParam(req, "from"), to: dateParam(req, "to") };
  const { from, to } = readRange(endpoint, asked, settings.variant);
  switch (endpoint) {
    case "activity": {
      const lastId = req.query.get("last_id");
      if (lastId !== null && lastId !== "" && !/^\d+$/.test(lastId)) throw new BadRequest("Invalid last_id");
      const pageSize = activityPageSize(ACTIVITY_PAGE_SIZE, settings.variant);
      const page = activityPage(pointsSoFar(pupil.activity, at), {
        from,
        to,
        lastId: lastId ? Number(lastId) : undefined,
        pageSize,
      });
      return { kind: "activity", ...page };
    }
    case "behaviour":
      return {
        kind: "other",
        data: behaviourTotals(pointsSoFar(pupil.activity, at), {
          from: from ?? data.termStart,
          to: to ?? at.today,
        }),
        meta: { start_date: from ?? data.termStart, end_date: to ?? at.today },
      };
    case "homeworks": {
      const display = req.query.get("display_date") ?? "due_date";
      if (display !== "due_date" && display !== "issue_date") {
        throw new BadRequest("display_date must be due_date or issue_date");
      }
      const answer = homeworkAnswer(homeworkSoFar(pupil.homework, at), {
        displayDate: display,
        from,
        to,
        today: at.today,
      });
      return { kind: "homeworks", ...answer };
    }
    case "timetable": {
      const date = dateParam(req, "date");
      if (!date) throw new BadRequest("A date is required");
      if (!pupil.flags.display_timetable) return fail("Timetable is not enabled for this pupil");
      return { kind: "timetable", ...timetableDay(pupil, date) };
    }
    case "attendance": {
      if (!pupil.flags.display_attendance) return fail("Attendance is not enabled for this pupil");
      const answer = attendanceAnswer(attendanceSoFar(pupil.attendance, at), {
        from: from ?? data.termStart,
        to: to ?? at.today,
      });
      return { kind: "attendance", ...answer };
    }
    case "detentions":
      return {
        kind: "detentions",
        data: detentionsAsOf(pupil.detentions, at).sort((a, b) => b.date.localeCompare(a.date)),
        meta: { detention_alias_plural: "detentions" },
      };
    case "announcements":
      return {
        kind: "announcements",
        data: announcementsSoFar(data.announcements, at)
          .filter((a) => a.pupilIds.includes(pupil.id))
          .map((a) => a.body)
          .sort((a, b) => b.timestamp.localeCompare(a.timestamp)),
        meta: {},
      };
    case "eventbadges":
      return { kind: "other", data: eventBadges(pointsSoFar(pupil.activity, at)), meta: {} };
    case "classes":
      return { kind: "other", data: classesView(pupil), meta: {} };
    default:
      return { kind: "other", data: { note: "", fields: pupil.customFields }, meta: {} };
  }
}

function dateParam(req: SandboxRequest, name: string): string | undefined {
  const value = req.query.get(name);
  if (value === null || value === "") return undefined;
  if (!isIsoDate(value)) throw new BadRequest(`Invalid date: ${name} must be YYYY-MM-DD`);
  return value;
}
