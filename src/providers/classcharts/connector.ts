import type { ClassChartsConnection } from "../../config/schema.js";
import type {
  Announcement,
  AttendanceQuery,
  AttendanceResult,
  BehaviourResult,
  CallContext,
  Capability,
  Connector,
  DateRange,
  Homework,
  Lesson,
  ListStudentsQuery,
  Page,
  Student,
  TimetableQuery,
} from "../../domain/index.js";
import { NotFoundError, NotSupportedError, UserInputError } from "../../errors.js";
import { type Clock, systemClock } from "../../time/clock.js";
import { eachDay, localToday } from "../../time/local.js";
import { type CacheKind, hashCredential, UpstreamClient } from "../../upstream/index.js";
import type { ConnectorDeps } from "../types.js";
import { ClassChartsAuth, fetchPupilList, pupilList } from "./auth.js";
import { fetchActivity, mergeTotals } from "./behaviour.js";
import { DEFAULT_BASE_URL, type Feature, PARAMS, PATHS, type PupilEndpoint, TIME_ZONE } from "./endpoints.js";
import { asArray, isObject, PROVIDER, providerReason, unwrap } from "./envelope.js";
import {
  attendanceTotals,
  mapAnnouncement,
  mapAttendance,
  mapBehaviourTotals,
  mapDetention,
  mapHomework,
  mapLesson,
  mapPupil,
} from "./map.js";
import { checkRange, type KnownPupil, knownPupils, selectPupils, shares, withFeature } from "./pupils.js";

const CAPABILITIES: readonly Capability[] = [
  "listStudents",
  "getTimetable",
  "getAttendance",
  "listHomework",
  "listBehaviour",
  "listAnnouncements",
];

type Query = Record<string, string | undefined>;

/** Longest a call may wait for the polite rate limit before we would rather say no. */
const MAX_QUEUE_WAIT_MS = 30_000;

export class ClassChartsConnector implements Connector {
  readonly provider = "classcharts" as const;
  readonly label: string;
  readonly capabilities = CAPABILITIES;
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
    const students = raw
      .flatMap((p) => mapPupil(p, this.id) ?? [])
      .filter((s) => !search || s.displayName.toLowerCase().includes(search) || s.id === search);
    const offset = q.cursor === undefined ? 0 : Number(q.cursor);
    if (!Number.isInteger(offset) || offset < 0) throw new UserInputError("cursor is not valid", "cursor");
    const limit = q.limit ?? students.length;
    const items = students.slice(offset, offset + limit);
    const next = offset + items.length;
    return next < students.length ? { items, nextCursor: String(next) } : { items };
  }

  async getTimetable(q: TimetableQuery, ctx: CallContext): Promise<Lesson[]> {
    if (q.staffId) throw new NotSupportedError("ClassCharts has no staff timetables; ask for a pupil's.");
    checkRange(q.from, q.to);
    const days = eachDay(q.from, q.to);
    const { shown } = await this.pupilsFor(q.studentId, "timetable", ctx);
    const jobs = shown.flatMap((pupil) => days.map((date) => ({ pupil, date })));
    this.refuseIfTooSlow(jobs.length, ctx);
    let done = 0;
    const perJob = await Promise.all(
      jobs.map(async ({ pupil, date }) => {
        const { data } = await this.get("timetable", pupil, { [PARAMS.date]: date }, "timetable", ctx);
        ctx.progress?.(++done, jobs.length, `timetable ${date}`);
        return asArray(data, "the timetable").flatMap((lesson) =>
          isObject(lesson) ? (mapLesson(lesson, pupil.id, date, this.id) ?? []) : [],
        );
      }),
    );
    return perJob.flat().sort((a, b) => `${a.date} ${a.start}`.localeCompare(`${b.date} ${b.start}`));
  }

  async getAttendance(q: AttendanceQuery, ctx: CallContext): Promise<AttendanceResult> {
    noGroups(q.groupId);
    checkRange(q.from, q.to);
    const { shown, notes } = await this.pupilsFor(q.studentId, "attendance", ctx);
    const kind = this.cacheKind(q.to);
    const parts = await Promise.all(
      shown.map(async (pupil) => {
        const { data, meta } = await this.get(
          "attendance",
          pupil,
          { [PARAMS.from]: q.from, [PARAMS.to]: q.to },
          kind,
          ctx,
        );
        const mapped = mapAttendance(data, meta, pupil.id, this.id, q.session);
        const sinceAugust = meta["percentage_singe_august"] ?? meta["percentage_since_august"];
        if (sinceAugust !== undefined && sinceAugust !== null && sinceAugust !== "") {
          notes.push(`Pupil ${pupil.id}: ${sinceAugust}% attendance since August.`);
        }
        return mapped;
      }),
    );
    const records = parts.flatMap((p) => p.records);
    const totals = parts.length === 1 && parts[0] ? parts[0].totals : attendanceTotals(records);
    return { records, totals, ...(notes.length > 0 ? { notes } : {}) };
  }

  async listHomework(
    q: DateRange & { studentId?: string; by?: "due_date" | "issue_date" },
    ctx: CallContext,
  ): Promise<Homework[]> {
    checkRange(q.from, q.to);
    const by = q.by ?? "due_date";
    const { shown } = await this.pupilsFor(q.studentId, "homework", ctx);
    const lists = await Promise.all(
      shown.map(async (pupil) => {
        const query = { [PARAMS.displayDate]: by, [PARAMS.from]: q.from, [PARAMS.to]: q.to };
        const { data } = await this.get("homeworks", pupil, query, "history", ctx);
        return asArray(data, "the homework list").flatMap((h) =>
          isObject(h) ? (mapHomework(h, pupil.id, this.id) ?? []) : [],
        );
      }),
    );
    const field = by === "due_date" ? "dueDate" : "issueDate";
    return lists
      .flat()
      .filter((h) => h[field] >= q.from && h[field] <= q.to)
      .sort((a, b) => a[field].localeCompare(b[field]));
  }

  async listBehaviour(q: DateRange & { studentId?: string }, ctx: CallContext): Promise<BehaviourResult> {
    checkRange(q.from, q.to);
    const { shown } = await this.pupilsFor(q.studentId, "behaviour", ctx);
    const range = { [PARAMS.from]: q.from, [PARAMS.to]: q.to };
    // Points are given through the day: a range that reaches today is kept for seconds, not minutes.
    const kind = this.cacheKind(q.to);
    const parts = await Promise.all(
      shown.map(async (pupil) => {
        const [events, totals, detentions] = await Promise.all([
          fetchActivity((query) => this.get("activity", pupil, query, kind, ctx), pupil.id, q, this.id, ctx),
          this.get("behaviour", pupil, range, kind, ctx).then(({ data }) => mapBehaviourTotals(data)),
          shares(pupil, "detentions")
            ? this.get("detentions", pupil, {}, "history", ctx).then(({ data }) =>
                asArray(data, "the detentions").flatMap((d) =>
                  isObject(d) ? (mapDetention(d, pupil.id, this.id) ?? []) : [],
                ),
              )
            : Promise.resolve([]),
        ]);
        return { events, totals, detentions };
      }),
    );
    return {
      events: parts.flatMap((p) => p.events).sort((a, b) => b.timestamp.localeCompare(a.timestamp)),
      totals: mergeTotals(parts.map((p) => p.totals)),
      detentions: parts
        .flatMap((p) => p.detentions)
        .filter((d) => d.date >= q.from && d.date <= q.to)
        .sort((a, b) => a.date.localeCompare(b.date)),
    };
  }

  async listAnnouncements(q: { studentId?: string }, ctx: CallContext): Promise<Announcement[]> {
    const { shown } = await this.pupilsFor(q.studentId, "announcements", ctx);
    const lists = await Promise.all(
      shown.map(async (pupil) => {
        const { data } = await this.get("announcements", pupil, {}, "history", ctx);
        return asArray(data, "the announcements").flatMap((a) =>
          isObject(a) ? (mapAnnouncement(a, this.id) ?? []) : [],
        );
      }),
    );
    const unique = new Map<string, Announcement>();
    for (const a of lists.flat()) if (!unique.has(a.id)) unique.set(a.id, a);
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
    const response = await fetchPupilList(this.client, undefined, ctx.signal, scopeKey(ctx));
    const pupils = pupilList(response.data);
    this.auth.updatePupils(pupils);
    return pupils;
  }

  private async pupilsFor(studentId: string | undefined, feature: Feature, ctx: CallContext) {
    const pupils = selectPupils(knownPupils(await this.pupilRecords(ctx)), studentId);
    return withFeature(pupils, feature, this.config.role);
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
      { scopeKey: scopeKey(ctx) },
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

function noGroups(groupId: string | undefined): void {
  if (groupId !== undefined && groupId !== "") {
    throw new UserInputError(
      "ClassCharts connections have no groups to filter by (valid values: none); leave the group out or pass studentId.",
      "groupId",
    );
  }
}

function scopeKey(ctx: CallContext): string {
  return [...ctx.scopes].sort().join(",");
}

/** Error statuses in ClassCharts' envelope: keep its short reason, never the body. */
function mapError(status: number, body: unknown): Error | undefined {
  const reason = providerReason(body);
  const suffix = reason ? `: "${reason}"` : "";
  if (status === 400) return new UserInputError(`${PROVIDER} rejected the request${suffix}.`);
  if (status === 404) return new NotFoundError(`${PROVIDER} has no such record or endpoint${suffix}.`);
  return undefined;
}
