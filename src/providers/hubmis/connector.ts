/**
 * The HUBmis connector: read-only access to an independent school's MIS behind OAuth client credentials, a
 * Realm header and a budget of 12 requests a minute per IP. Everything goes through the upstream layer, which
 * holds the limiter (shared by every connection to the same host, since the limit is per IP), the cache and
 * the token replay.
 */

import type {
  AttendanceQuery,
  AttendanceResult,
  CallContext,
  Connector,
  Group,
  GroupKind,
  GroupsQuery,
  LearningSupportList,
  Lesson,
  ListStudentsQuery,
  Page,
  ProgressReport,
  SchoolCalendar,
  StaffMember,
  StaffQuery,
  Student,
  StudentDetail,
  TimetableQuery,
  WellbeingEvent,
  WellbeingQuery,
} from "../../domain/index.js";
import { NotFoundError, UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import { systemClock } from "../../time/clock.js";
import { BackgroundWork, hashCredential, UpstreamClient } from "../../upstream/index.js";
import { keepMatching, readEach } from "../common/trust.js";
import type { ConnectorDeps } from "../types.js";
import { Absentees } from "./absentees.js";
import { HubmisApi } from "./api.js";
import { checkRange, getAttendance } from "./attendance.js";
import { HubmisAuth } from "./auth.js";
import type { HubmisConnection } from "./config.js";
import { DEFAULT_BASE_URL, LIMITS, PATHS, PROVIDER, Q, TIME_ZONE } from "./endpoints.js";
import { mapError } from "./errors.js";
import { mapForm, mapHouse, mapTutorGroup, mapYearGroup } from "./map-groups.js";
import { mapLesson } from "./map-timetable.js";
import { type DatedItem, normalise, ReferenceData } from "./reference.js";
import { listProgressReports } from "./reports.js";
import { readSets } from "./sets.js";
import { listStaff, resolveStaff } from "./staff.js";
import { getStaffMember } from "./staff-detail.js";
import { readStructure } from "./structure.js";
import { getStudent, listStudents, type StudentDeps, studentIdOf } from "./students.js";
import { listLearningSupport } from "./support.js";
import { listWellbeingEvents } from "./wellbeing.js";
import { listItems } from "./wire.js";
import { LessonWire } from "./wire-timetable.js";

export class HubmisConnector implements Connector {
  readonly provider = "hubmis" as const;
  readonly label: string;
  readonly timeZone = TIME_ZONE;
  readonly auth: HubmisAuth;
  readonly client: UpstreamClient;
  private readonly deps: StudentDeps;
  private readonly logger: Logger;

  constructor(
    readonly id: string,
    private readonly config: HubmisConnection,
    deps: ConnectorDeps,
  ) {
    this.label = `${config.label ?? `HUBmis realm ${config.realm}`} (HUBmis)`;
    this.logger = deps.logger.child({ connection: id, provider: "hubmis" });
    const timeScale = deps.timeScale ?? 1;
    // A simulated HUBmis may run its rate windows faster than its clock (the demo's 10x): only the limiter follows.
    const rateScale = timeScale * (config.rateLimitScale ?? 1);
    const baseUrl = config.baseUrl ?? DEFAULT_BASE_URL;
    const credentialKey = hashCredential(config.clientId, config.clientSecret, config.realm);
    this.auth = new HubmisAuth(config, () => this.client, this.logger, timeScale);
    this.client = new UpstreamClient({
      provider: PROVIDER,
      connection: id,
      baseUrl,
      credentialKey,
      authenticator: this.auth,
      rateLimit: {
        windows: [{ limit: LIMITS.perMinute, intervalMs: 60_000 }],
        bucket: { capacity: LIMITS.bucketCapacity, refillEveryMs: LIMITS.refillEveryMs },
        concurrency: 4,
        // Longer than one window turn-over, so a burst queues rather than fails; past it, callers hear when to retry.
        maxQueueWaitMs: 90_000 / rateScale,
        // The limit is per IP: every connection to this host from this process shares one budget.
        sharedKey: new URL(baseUrl).host,
      },
      timeScale: rateScale,
      logger: this.logger,
      cache: deps.cache,
      cacheSensitive: deps.cacheSensitive,
      ...(deps.rateStore ? { rateStore: deps.rateStore } : {}),
      mapError: mapError(config.realm),
    });
    const api = new HubmisApi(this.client, deps.cache, deps.cacheSensitive, id, baseUrl, credentialKey);
    const clock = deps.clock ?? systemClock;
    this.deps = {
      api,
      logger: this.logger,
      connection: id,
      clock,
      reference: new ReferenceData(api, config.academicYearId, this.logger, clock),
      background: new BackgroundWork(),
      absentees: new Absentees(),
    };
  }

  async check(ctx: CallContext): Promise<{ detail: string }> {
    // Always a real sign-in: with academicYearId configured, nothing below would touch the API, and a wrong
    // secret would pass as healthy.
    await this.auth.refresh(ctx.signal);
    const year = await this.deps.reference.academicYearId(ctx);
    return { detail: `signed in to realm ${this.config.realm}; academic year id ${year}` };
  }

  async close(): Promise<void> {
    this.deps.background?.close();
    await this.client.close();
  }

  listStudents(q: ListStudentsQuery, ctx: CallContext): Promise<Page<Student>> {
    return listStudents(this.deps, q, ctx);
  }

  getStudent(studentId: string, ctx: CallContext): Promise<StudentDetail> {
    return getStudent(this.deps, studentId, ctx);
  }

  async listStaff(q: StaffQuery, ctx: CallContext): Promise<Page<StaffMember>> {
    if (q.id === undefined) return listStaff(this.deps, q, ctx);
    const id = await resolveStaff(this.deps, q.id, "id", ctx);
    return { items: [await getStaffMember(this.deps, id, ctx)], total: 1 };
  }

  async listGroups(q: GroupsQuery, ctx: CallContext): Promise<Group[]> {
    if (q.id !== undefined) {
      // Ids read "form:211": the kind says which list holds it, and only that list is read.
      const wanted = q.id.trim();
      const kind = /^([a-z_]+):\d+$/.exec(wanted)?.[1] as GroupKind | undefined;
      const found = (await this.listGroups({ ...(kind ? { kind } : {}) }, ctx)).filter(
        (g) => g.id === wanted,
      );
      if (found.length === 0) throw new NotFoundError(`HUBmis has no group with id ${wanted.slice(0, 40)}.`);
      return found;
    }
    const groups = await this.deps.reference.groups(ctx);
    const all: Group[] = [
      ...groups.yearGroups.map((g) => mapYearGroup(g, this.id)),
      ...groups.forms.map((g) => mapForm(g, this.id, groups.index)),
      ...groups.tutorGroups.map((g) => mapTutorGroup(g, this.id, groups.index)),
      ...groups.houses.map((g) => mapHouse(g, this.id)),
    ];
    // Subject sets and activities cost two more requests: read only when the question may want them.
    if (!q.kind || q.kind === "subject_set" || q.kind === "activity") {
      all.push(...(await readSets(this.deps, groups.index, ctx)).groups);
    }
    const departments = !q.kind || q.kind === "department";
    const sections = !q.kind || q.kind === "section";
    if (departments || sections)
      all.push(...(await readStructure(this.deps, { departments, sections }, ctx)));
    const search = q.search ? normalise(q.search) : undefined;
    return all.filter(
      (g) => (!q.kind || g.kind === q.kind) && (!search || normalise(g.name).includes(search)),
    );
  }

  getAttendance(q: AttendanceQuery, ctx: CallContext): Promise<AttendanceResult> {
    return getAttendance(this.deps, q, ctx);
  }

  /**
   * Lessons from the timetable calendar. The range always goes as `filter[dateFrom]` and `filter[dateTo]`
   * (a lone `filter[date]` may be read as its week) and is applied again to what comes back. A lesson
   * whose times cannot be read is counted as unreadable, never shown at a made-up time.
   */
  async getTimetable(q: TimetableQuery, ctx: CallContext): Promise<Lesson[]> {
    checkRange(q.from, q.to);
    const range = { [Q.dateFrom]: q.from, [Q.dateTo]: q.to };
    let path: string;
    let who: { studentId?: string; staffId?: string };
    let what: string;
    if (q.staffId) {
      const staffId = await resolveStaff(this.deps, q.staffId, "staffId", ctx);
      path = PATHS.staffCalendar(staffId);
      who = { staffId };
      what = `member of staff with id ${staffId}`;
    } else if (q.studentId) {
      const studentId = studentIdOf(q.studentId);
      path = PATHS.studentCalendar(studentId);
      who = { studentId };
      what = `student with id ${studentId}`;
    } else {
      throw new UserInputError(
        'give a studentId, or a staffId (an id or a name such as "Mr Patel")',
        "studentId",
      );
    }
    const data = await this.deps.api.getOr404(path, range, { kind: "timetable" }, ctx, what);
    const lessonsWhat = "lessons";
    const raws = listItems(data, lessonsWhat);
    const wires = raws.map((raw) => LessonWire.safeParse(raw)).map((r) => (r.success ? r.data : undefined));
    // Rooms given by id alone are named from the room list (reference data, fetched only when needed).
    const needsRooms = wires.some((w) => w?.room?.id !== undefined && !w.room.code && !w.room.name);
    const rooms = needsRooms ? await this.deps.reference.rooms(ctx) : undefined;
    const roomName = (id: string | undefined) => (id === undefined ? undefined : rooms?.get(id));
    const lessons = readEach(
      wires,
      (w) => (w ? mapLesson(w as LessonWire, this.id, who, roomName) : undefined),
      lessonsWhat,
      ctx,
      PROVIDER,
    );
    return keepMatching(lessons, (l) => l.date >= q.from && l.date <= q.to, lessonsWhat, ctx).sort((a, b) =>
      `${a.date} ${a.start}`.localeCompare(`${b.date} ${b.start}`),
    );
  }

  /** Terms and holidays, inset days and closure dates of the current academic year, as London days. */
  async getSchoolCalendar(_q: Record<string, never>, ctx: CallContext): Promise<SchoolCalendar> {
    const [{ terms, holidays }, inset, closed] = await Promise.all([
      this.deps.reference.calendar(ctx),
      this.deps.reference.insetDays(ctx),
      this.deps.reference.closureDates(ctx),
    ]);
    const period = (d: DatedItem) => ({
      ...(d.name ? { name: d.name } : {}),
      from: d.start_date,
      to: d.end_date,
    });
    return {
      connection: this.id,
      terms: terms.map(period),
      holidays: holidays.map(period),
      insetDays: inset.map(period),
      closures: closed.map(period),
    };
  }

  listProgressReports(q: { studentId: string }, ctx: CallContext): Promise<ProgressReport[]> {
    return listProgressReports(this.deps, q, ctx);
  }

  listLearningSupport(
    q: { yearGroup?: string; search?: string },
    ctx: CallContext,
  ): Promise<LearningSupportList> {
    return listLearningSupport(this.deps, q, ctx);
  }

  listWellbeingEvents(q: WellbeingQuery, ctx: CallContext): Promise<Page<WellbeingEvent>> {
    return listWellbeingEvents(this.deps, q, ctx);
  }
}
