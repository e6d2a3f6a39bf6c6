import type {
  Announcement,
  AttendanceQuery,
  AttendanceResult,
  BehaviourResult,
  CallContext,
  Connector,
  DateRange,
  Homework,
  Lesson,
  ListStudentsQuery,
  Page,
  Student,
  TimetableQuery,
} from "../../domain/index.js";
import { NotSupportedError, UserInputError } from "../../errors.js";
import { type Clock, systemClock } from "../../time/clock.js";
import { eachDay, localToday } from "../../time/local.js";
import { type CacheKind, hashCredential, UpstreamClient } from "../../upstream/index.js";
import { callOptions } from "../common/call.js";
import { keepMatching, readEach } from "../common/trust.js";
import type { ConnectorDeps } from "../types.js";
import { asArray, PROVIDER, unwrap } from "./api.js";
import { ClassChartsAuth, fetchPupilList, pupilList } from "./auth.js";
import { fetchActivity, mapBadge } from "./behaviour.js";
import type { ClassChartsConnection } from "./config.js";
import { DEFAULT_BASE_URL, type Feature, PARAMS, PATHS, type PupilEndpoint, TIME_ZONE } from "./endpoints.js";
import { mapError } from "./errors.js";
import {
  attendanceMarks,
  attendanceTotals,
  behaviourTotals,
  dateOnly,
  mapActivity,
  mapAnnouncement,
  mapDetention,
  mapHomework,
  mapLesson,
  mapMark,
  mapPupil,
  type RawMark,
} from "./map.js";
import { checkRange, type KnownPupil, knownPupils, selectPupils, shares, withFeature } from "./pupils.js";
import {
  inRange,
  noGroups,
  noneOnlyIfSaid,
  rangeQuery,
  readAll,
  theirs,
  whose,
  widened,
  within,
  withPupil,
} from "./records.js";

type Query = Record<string, string | undefined>;

/** Longest a call may wait for the polite rate limit before we would rather say no. */
const MAX_QUEUE_WAIT_MS = 30_000;

export class ClassChartsConnector implements Connector {
  readonly provider = "classcharts" as const;
  readonly label: string;
  readonly timeZone = TIME_ZONE;
  readonly auth: ClassChartsAuth;
  readonly client: UpstreamClient;
  /** "Today" comes from here, as a London day. */
  private readonly clock: Clock;

  constructor(
    readonly id: string,
    private readonly config: ClassChartsConnection,
    deps: ConnectorDeps,
  ) {
    this.label = config.label ?? `ClassCharts (${config.role})`;
    this.clock = deps.clock ?? systemClock;
    const logger = deps.logger.child({ connection: id, provider: "classcharts" });
    const secret =
      config.role === "parent"
        ? hashCredential("parent", config.email.toLowerCase(), config.password)
        : hashCredential("student", config.code.toUpperCase(), config.dateOfBirth);
    this.auth = new ClassChartsAuth(config, () => this.client, logger, deps.timeScale ?? 1);
    this.client = new UpstreamClient({
      provider: PROVIDER,
      connection: id,
      baseUrl: config.baseUrl ?? DEFAULT_BASE_URL,
      credentialKey: secret,
      authenticator: this.auth,
      // No published limits: a person's pace, two at a time.
      rateLimit: {
        windows: [{ limit: 60, intervalMs: 60_000 }],
        concurrency: 2,
        maxQueueWaitMs: MAX_QUEUE_WAIT_MS,
      },
      timeScale: deps.timeScale ?? 1,
      logger,
      cache: deps.cache,
      cacheSensitive: deps.cacheSensitive,
      ...(deps.rateStore ? { rateStore: deps.rateStore } : {}),
      mapError,
    });
  }

  async check(ctx: CallContext): Promise<{ detail: string }> {
    const session = await this.auth.current(ctx.signal);
    const count = session.pupils.length;
    return { detail: `signed in as ${this.config.role}; ${count} pupil${count === 1 ? "" : "s"} visible` };
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async listStudents(q: ListStudentsQuery, ctx: CallContext): Promise<Page<Student>> {
    noGroups(q.groupId ?? q.yearGroup ?? q.form ?? q.tutorGroup ?? q.house);
    const raw = this.config.role === "parent" ? await this.freshPupilList(ctx) : await this.pupilRecords(ctx);
    const search = q.search?.trim().toLowerCase();
    const students = readEach(raw, (p) => mapPupil(p, this.id), "pupils", ctx, PROVIDER).filter(
      (s) => !search || s.displayName.toLowerCase().includes(search) || s.id === search,
    );
    const offset = q.cursor === undefined ? 0 : Number(q.cursor);
    if (!Number.isInteger(offset) || offset < 0) throw new UserInputError("cursor is not valid", "cursor");
    const limit = q.limit ?? students.length;
    const items = students.slice(offset, offset + limit);
    const next = offset + items.length;
    const total = students.length;
    return next < total ? { items, nextCursor: String(next), total } : { items, total };
  }

  async getTimetable(q: TimetableQuery, ctx: CallContext): Promise<Lesson[]> {
    if (q.staffId) throw new NotSupportedError("ClassCharts has no staff timetables; ask for a pupil's.");
    checkRange(q.from, q.to);
    const days = eachDay(q.from, q.to);
    const { shown, all } = await this.pupilsFor(q.studentId, "timetable", ctx);
    const jobs = shown.flatMap((pupil) => days.map((date) => ({ pupil, date })));
    this.refuseIfTooSlow(jobs.length, ctx);
    let done = 0;
    const sources = await Promise.all(
      jobs.map(async ({ pupil, date }) => {
        const { data } = await this.get("timetable", pupil, { [PARAMS.date]: date }, "timetable", ctx);
        ctx.progress?.(++done, jobs.length, `timetable ${date}`);
        return asArray(data, "the timetable").map((raw) => ({ pupil, date, raw }));
      }),
    );
    const read = readAll(
      sources.flat(),
      ({ pupil, date, raw }) => {
        const lesson = withPupil(mapLesson(raw, whose(pupil), date, this.id), pupil);
        return lesson && { ...lesson, asked: date };
      },
      "timetable lessons",
      ctx,
    );
    // One day is asked per call: a lesson dated otherwise is not that day's.
    const lessons = keepMatching(
      theirs(read, all, "timetable lessons", ctx),
      (l) => l.asked === l.value.date,
      "timetable lessons",
      ctx,
    ).map((l) => l.value);
    return lessons.sort((a, b) => `${a.date} ${a.start}`.localeCompare(`${b.date} ${b.start}`));
  }

  async getAttendance(q: AttendanceQuery, ctx: CallContext): Promise<AttendanceResult> {
    noGroups(q.groupId);
    checkRange(q.from, q.to);
    const { shown, all, notes } = await this.pupilsFor(q.studentId, "attendance", ctx);
    const kind = this.cacheKind(q.to);
    const sent = widened(q);
    const parts = await Promise.all(
      shown.map(async (pupil) => {
        const { data, meta } = await this.get("attendance", pupil, rangeQuery(sent), kind, ctx);
        const sinceAugust = meta["percentage_singe_august"] ?? meta["percentage_since_august"];
        if (sinceAugust !== undefined && sinceAugust !== null && sinceAugust !== "") {
          notes.push(`Pupil ${pupil.id}: ${sinceAugust}% attendance since August.`);
        }
        return attendanceMarks(data).map((raw) => ({ pupil, raw }));
      }),
    );
    // A mark's day is its key, readable even when the mark is not: check it against what was sent, and read
    // only the days asked, so a margin day's unreadable mark is no caveat on this answer.
    const dayOf = (m: { raw: RawMark }) => dateOnly(m.raw.date);
    const asked = keepMatching(
      parts.flat(),
      (m) => within(dayOf(m) ?? q.from, sent),
      "attendance marks",
      ctx,
    ).filter((m) => within(dayOf(m) ?? q.from, q));
    const read = readAll(
      asked,
      ({ pupil, raw }) => withPupil({ value: mapMark(raw, whose(pupil), this.id) }, pupil),
      "attendance marks",
      ctx,
    );
    const records = noneOnlyIfSaid(
      inRange(
        theirs(read, all, "attendance marks", ctx).map((r) => r.value),
        q,
        (r) => r.date,
      ),
      asked.length - read.length,
      "attendance marks",
    )
      .filter((r) => !q.session || r.session === q.session)
      .sort((a, b) => a.date.localeCompare(b.date));
    return { records, totals: attendanceTotals(records), ...(notes.length > 0 ? { notes } : {}) };
  }

  async listHomework(
    q: DateRange & { studentId?: string; by?: "due_date" | "issue_date" },
    ctx: CallContext,
  ): Promise<Homework[]> {
    checkRange(q.from, q.to);
    const by = q.by ?? "due_date";
    const field = by === "due_date" ? "dueDate" : "issueDate";
    const { shown, all } = await this.pupilsFor(q.studentId, "homework", ctx);
    const sent = widened(q);
    const lists = await Promise.all(
      shown.map(async (pupil) => {
        const query = { [PARAMS.displayDate]: by, ...rangeQuery(sent) };
        const { data } = await this.get("homeworks", pupil, query, "history", ctx);
        return asArray(data, "the homework list").map((raw) => ({ pupil, raw }));
      }),
    );
    const read = readAll(
      lists.flat(),
      ({ pupil, raw }) => withPupil(mapHomework(raw, whose(pupil), this.id), pupil),
      "homework",
      ctx,
    );
    const homework = keepMatching(
      theirs(read, all, "homework", ctx),
      (h) => within(h.value[field], sent),
      "homework",
      ctx,
    ).map((h) => h.value);
    return noneOnlyIfSaid(
      inRange(homework, q, (h) => h[field]),
      lists.flat().length - read.length,
      "homework",
    ).sort((a, b) => a[field].localeCompare(b[field]));
  }

  async listBehaviour(q: DateRange & { studentId?: string }, ctx: CallContext): Promise<BehaviourResult> {
    checkRange(q.from, q.to);
    const { shown, all } = await this.pupilsFor(q.studentId, "behaviour", ctx);
    const sent = widened(q);
    // Points are given through the day: a range that reaches today is kept for seconds, not minutes.
    const kind = this.cacheKind(q.to);
    const parts = await Promise.all(
      shown.map(async (pupil) => {
        const [points, detentions, badges] = await Promise.all([
          fetchActivity((query) => this.get("activity", pupil, query, kind, ctx), sent, q.from, ctx),
          shares(pupil, "detentions")
            ? this.get("detentions", pupil, {}, "history", ctx).then(({ data }) =>
                asArray(data, "the detentions"),
              )
            : Promise.resolve([]),
          this.get("eventbadges", pupil, {}, kind, ctx).then(({ data }) => asArray(data, "the badges")),
        ]);
        return {
          points: points.map((raw) => ({ pupil, raw })),
          detentions: detentions.map((raw) => ({ pupil, raw })),
          badges: badges.map((raw) => ({ pupil, raw })),
        };
      }),
    );
    const sentPoints = parts.flatMap((p) => p.points);
    const points = readAll(
      sentPoints,
      ({ pupil, raw }) => withPupil(mapActivity(raw, whose(pupil), this.id), pupil),
      "behaviour points",
      ctx,
    );
    // The feed starts at `to` (checked) and runs back past `from`, which it does not promise to honour.
    const events = inRange(
      keepMatching(
        theirs(points, all, "behaviour points", ctx),
        (e) => e.value.timestamp.slice(0, 10) <= sent.to,
        "behaviour points",
        ctx,
      ).map((e) => e.value),
      q,
      (e) => e.timestamp.slice(0, 10),
    ).sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    const sentDetentions = parts.flatMap((p) => p.detentions);
    const detentions = readAll(
      sentDetentions,
      ({ pupil, raw }) => withPupil(mapDetention(raw, whose(pupil), this.id), pupil),
      "detentions",
      ctx,
    );
    // The badges call takes no range: the award's day is checked here.
    const badges = readAll(
      parts.flatMap((p) => p.badges),
      ({ pupil, raw }) => mapBadge(raw, whose(pupil), this.id),
      "badges",
      ctx,
    )
      .filter((b) => b.date >= q.from && b.date <= q.to)
      .sort((a, b) => b.date.localeCompare(a.date));
    return {
      badges,
      events: noneOnlyIfSaid(events, sentPoints.length - points.length, "behaviour points"),
      totals: behaviourTotals(events),
      // The detentions list takes no range: ours is applied here.
      detentions: noneOnlyIfSaid(
        inRange(
          theirs(detentions, all, "detentions", ctx).map((d) => d.value),
          q,
          (d) => d.date,
        ),
        sentDetentions.length - detentions.length,
        "detentions",
      ).sort((a, b) => a.date.localeCompare(b.date)),
    };
  }

  async listAnnouncements(q: { studentId?: string }, ctx: CallContext): Promise<Announcement[]> {
    const { shown } = await this.pupilsFor(q.studentId, "announcements", ctx);
    const lists = await Promise.all(
      shown.map(async (pupil) => {
        const { data } = await this.get("announcements", pupil, {}, "history", ctx);
        return asArray(data, "the announcements");
      }),
    );
    const read = readEach(lists.flat(), (a) => mapAnnouncement(a, this.id), "announcements", ctx, PROVIDER);
    const unique = new Map<string, Announcement>();
    for (const a of read) if (!unique.has(a.id)) unique.set(a.id, a);
    return [...unique.values()].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  }

  /** Records of today still change (registers taken, points given); earlier London days are settled. */
  private cacheKind(to: string): CacheKind {
    return to >= localToday(this.clock, TIME_ZONE) ? "live" : "history";
  }

  /** The pupils learnt at sign-in (a parent's list, or the signed-in pupil). */
  private async pupilRecords(ctx: CallContext): Promise<Record<string, unknown>[]> {
    return (await this.auth.current(ctx.signal)).pupils;
  }

  /** A parent's pupils re-read (cached for minutes) so counters are current; the known list follows. */
  private async freshPupilList(ctx: CallContext): Promise<Record<string, unknown>[]> {
    const response = await fetchPupilList(this.client, undefined, ctx.signal, callOptions(ctx));
    const pupils = pupilList(response.data);
    this.auth.updatePupils(pupils);
    return pupils;
  }

  /** The pupils a call covers (`shown`), and every pupil the connection can see (`all`, to tell records apart). */
  private async pupilsFor(studentId: string | undefined, feature: Feature, ctx: CallContext) {
    const all = knownPupils(await this.pupilRecords(ctx), ctx);
    return { ...withFeature(selectPupils(all, studentId), feature, this.config.role), all };
  }

  private async get(
    endpoint: PupilEndpoint,
    pupil: KnownPupil,
    query: Query,
    kind: CacheKind,
    ctx: CallContext,
  ): Promise<{ data: unknown; meta: Record<string, unknown> }> {
    const response = await this.client.request(
      {
        method: "GET",
        path: PATHS.pupil(this.config.role, endpoint, pupil.id),
        query,
        cache: { kind },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
      callOptions(ctx),
    );
    return unwrap(response.data, `the ${endpoint} call`);
  }

  /**
   * A long range costs one call per day and pupil. Say so up front when the polite pace cannot finish by the
   * caller's deadline (or within the longest queue wait), instead of failing halfway.
   */
  private refuseIfTooSlow(calls: number, ctx: CallContext): void {
    const budget = this.client.budget();
    const queued = Math.max(0, calls - budget.remaining);
    const seconds = Math.ceil((queued * 60) / Math.max(1, budget.perMinute));
    const allowedMs = (ctx.deadline ?? Date.now() + MAX_QUEUE_WAIT_MS) - Date.now();
    if (seconds * 1000 > allowedMs) {
      throw new UserInputError(
        `That needs ${calls} ClassCharts calls (one per day and pupil), about ${seconds} s at the polite pace. Ask for a shorter range.`,
        "to",
      );
    }
  }
}
