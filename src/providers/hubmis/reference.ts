/**
 * Reference data: the academic year, year groups, forms, tutor groups, houses, attendance codes, pastoral
 * categories and severities. Fetched once and kept for hours in the shared cache (kind "reference"), so
 * records carry names rather than ids, and names ("Year 9", "9R", "Green House") resolve to ids.
 */
import type { ZodType } from "zod";
import type { CallContext } from "../../domain/index.js";
import { InvalidResponseError, UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { Clock } from "../../time/clock.js";
import { localToday } from "../../time/local.js";
import { readEach } from "../common/trust.js";
import type { HubmisApi } from "./api.js";
import { PATHS, PROVIDER, TIME_ZONE } from "./endpoints.js";
import { type GroupIndex, localDay } from "./map.js";
import type { Codes } from "./map-attendance.js";
import { readAll } from "./paging.js";
import { listItems } from "./wire.js";
import { CodeWire } from "./wire-attendance.js";
import { FormWire, HouseWire, TutorGroupWire, YearGroupWire } from "./wire-groups.js";
import { CategoryWire, SeverityWire } from "./wire-pastoral.js";
import { AcademicYearWire, DatedWire, RoomWire } from "./wire-timetable.js";

/** A term, holiday, inset day or closure: its name when it has one, and its first and last London day. */
export interface DatedItem {
  name?: string;
  start_date: string;
  end_date: string;
}

const REFERENCE = { kind: "reference" } as const;

export type GroupRefKind = "form" | "tutor_group" | "year_group" | "house";

export interface GroupRef {
  kind: GroupRefKind;
  id: string;
  name: string;
  /** Normalised names it answers to. */
  keys: string[];
}

export interface SchoolGroups {
  forms: FormWire[];
  tutorGroups: TutorGroupWire[];
  yearGroups: YearGroupWire[];
  houses: HouseWire[];
  all: GroupRef[];
  index: GroupIndex;
}

export interface Pastoral {
  categories: Array<{ id: string; name: string; type: "event" | "plan" }>;
  severities: Array<{ id: string; name: string; rank: number }>;
}

const KIND_WORDS: Record<GroupRefKind, string> = {
  form: "form",
  tutor_group: "tutor group",
  year_group: "year group",
  house: "house",
};

/** Lower case, no spaces or punctuation: "Year 9" → "year9", "9 R" → "9r". */
export function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Terms, holidays, inset days and closures as London days; one without readable days is unreadable. */
function readDated(data: unknown, what: string, ctx: CallContext): DatedItem[] {
  return readEach(
    listItems(data, what),
    (raw) => {
      const parsed = DatedWire.safeParse(raw);
      if (!parsed.success) return undefined;
      const start = localDay(parsed.data.start_date);
      const end = localDay(parsed.data.end_date);
      if (!start || !end || end < start) return undefined;
      return { ...(parsed.data.name ? { name: parsed.data.name } : {}), start_date: start, end_date: end };
    },
    what,
    ctx,
    PROVIDER,
  );
}

function readList<T>(data: unknown, schema: ZodType<T, unknown>, what: string, ctx: CallContext): T[] {
  return readEach(listItems(data, what), schema, what, ctx, PROVIDER);
}

export class ReferenceData {
  constructor(
    private readonly api: HubmisApi,
    private readonly configuredYear: string | undefined,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /**
   * The academic year holding today: the one the list marks current, else the one whose dates hold today's
   * London date (the reference shows no sample of the list, and its dated records use date_start/date_end).
   */
  async academicYearId(ctx: CallContext): Promise<string> {
    if (this.configuredYear) return this.configuredYear;
    const data = await this.api.get(PATHS.academicYears, {}, REFERENCE, ctx);
    const years = readList(data, AcademicYearWire, "academic years", ctx);
    const today = localToday(this.clock, TIME_ZONE);
    const holds = (y: AcademicYearWire) => {
      const start = localDay(y.start_date);
      const end = localDay(y.end_date);
      return start !== undefined && end !== undefined && start <= today && today <= end;
    };
    const current = years.find((y) => y.is_current === true || y.status === "current") ?? years.find(holds);
    if (!current) {
      throw new InvalidResponseError(
        PROVIDER,
        `none of the ${years.length} academic years it lists is marked current or holds today (${today})`,
      );
    }
    return current.id;
  }

  async groups(ctx: CallContext): Promise<SchoolGroups> {
    const year = await this.academicYearId(ctx);
    const [forms, tutorGroups, yearGroups, houses] = await Promise.all([
      this.api.get(PATHS.forms(year), {}, REFERENCE, ctx),
      this.api.get(PATHS.tutorGroups(year), {}, REFERENCE, ctx),
      this.api.get(PATHS.yearGroups(year), {}, REFERENCE, ctx),
      this.api.get(PATHS.houses, {}, REFERENCE, ctx),
    ]);
    const lists = {
      forms: readList(forms, FormWire, "forms", ctx),
      tutorGroups: readList(tutorGroups, TutorGroupWire, "tutor groups", ctx),
      yearGroups: readList(yearGroups, YearGroupWire, "year groups", ctx),
      houses: readList(houses, HouseWire, "houses", ctx).filter((h) => h.is_active !== false),
    };
    const named = (
      kind: GroupRefKind,
      id: string,
      name: string,
      ...aliases: Array<string | null | undefined>
    ) => ({
      kind,
      id,
      name,
      keys: [...new Set([name, ...aliases].filter((a): a is string => Boolean(a)).map(normalise))],
    });
    return {
      ...lists,
      index: groupIndex(lists),
      all: [
        ...lists.yearGroups.map((y) => named("year_group", y.id, y.name, y.code)),
        ...lists.forms.map((f) => named("form", f.id, f.code ?? f.name, f.name)),
        ...lists.tutorGroups.map((t) => named("tutor_group", t.id, t.name, t.code)),
        ...lists.houses.map((h) => named("house", h.id, h.name, h.code, h.name.replace(/\s+house$/i, ""))),
      ],
    };
  }

  /** Terms and holidays of the academic year, to explain a range with no registers. */
  async calendar(ctx: CallContext): Promise<{ terms: DatedItem[]; holidays: DatedItem[] }> {
    const year = await this.academicYearId(ctx);
    const [terms, holidays] = await Promise.all([
      this.api.get(PATHS.terms(year), {}, REFERENCE, ctx),
      this.api.get(PATHS.holidays(year), {}, REFERENCE, ctx),
    ]);
    return { terms: readDated(terms, "terms", ctx), holidays: readDated(holidays, "holidays", ctx) };
  }

  /** Inset days and closure dates of the academic year: school days in term when pupils are not in. */
  async closures(ctx: CallContext): Promise<DatedItem[]> {
    const [inset, closed] = await Promise.all([this.insetDays(ctx), this.closureDates(ctx)]);
    return [...inset, ...closed];
  }

  async insetDays(ctx: CallContext): Promise<DatedItem[]> {
    const year = await this.academicYearId(ctx);
    return readDated(await this.api.get(PATHS.insetDays(year), {}, REFERENCE, ctx), "inset days", ctx);
  }

  async closureDates(ctx: CallContext): Promise<DatedItem[]> {
    const year = await this.academicYearId(ctx);
    return readDated(await this.api.get(PATHS.closureDates(year), {}, REFERENCE, ctx), "closure dates", ctx);
  }

  /** Attendance codes by their code ("/", "L", "M" …) and by id. */
  async codes(ctx: CallContext): Promise<Codes> {
    const data = await this.api.get(PATHS.attendanceCodes, {}, REFERENCE, ctx);
    const codes = readList(data, CodeWire, "attendance codes", ctx);
    return { byCode: new Map(codes.map((c) => [c.code, c])), byId: new Map(codes.map((c) => [c.id, c])) };
  }

  /** Room codes by room id, for lessons that name their room by id alone. */
  async rooms(ctx: CallContext): Promise<Map<string, string>> {
    const deps = { api: this.api, logger: this.logger, connection: "" };
    const { raws } = await readAll(deps, PATHS.rooms, {}, { what: "rooms", cache: REFERENCE }, ctx);
    const rooms = readEach(raws, RoomWire, "rooms", ctx, PROVIDER);
    return new Map(rooms.map((r) => [r.id, r.room_code]));
  }

  async pastoral(ctx: CallContext): Promise<Pastoral> {
    const [events, plans, severities] = await Promise.all([
      this.api.get(PATHS.pastoralCategories("wellbeing_event"), {}, REFERENCE, ctx),
      this.api.get(PATHS.pastoralCategories("wellbeing_plan"), {}, REFERENCE, ctx),
      this.api.get(PATHS.severityLevels, {}, REFERENCE, ctx),
    ]);
    const category = (type: "event" | "plan") => (c: { id: string; name: string }) => ({
      id: c.id,
      name: c.name,
      type,
    });
    return {
      categories: [
        ...readList(events, CategoryWire, "wellbeing event categories", ctx).map(category("event")),
        ...readList(plans, CategoryWire, "wellbeing plan categories", ctx).map(category("plan")),
      ],
      severities: readList(severities, SeverityWire, "severity levels", ctx).map((s, i) => ({
        id: s.id,
        name: s.name,
        rank: s.position ?? i + 1,
      })),
    };
  }
}

/** The groups by id, so a reference that gives a group's id alone still reads as its name. */
export function groupIndex(groups: Omit<SchoolGroups, "all" | "index">): GroupIndex {
  const years = new Map(groups.yearGroups.map((y) => [y.id, y.name]));
  const yearIdOf = (f: FormWire) =>
    f.year_group?.id ?? groups.yearGroups.find((y) => y.name === f.year_group?.name)?.id;
  const forms = new Map(
    groups.forms.map((f) => {
      const yearGroupId = yearIdOf(f);
      return [f.id, { code: f.code ?? f.name, ...(yearGroupId ? { yearGroupId } : {}) }] as const;
    }),
  );
  const yearOfForm = new Map(
    groups.forms.map((f) => [f.id, f.year_group?.name ?? years.get(yearIdOf(f) ?? "")] as const),
  );
  const houses = new Map(groups.houses.map((h) => [h.id, h.name]));
  const tutors = new Map(groups.tutorGroups.map((t) => [t.id, t.name]));
  const by =
    <V>(map: ReadonlyMap<string, V | undefined>) =>
    (id: string | undefined) =>
      id === undefined ? undefined : map.get(id);
  return {
    form: by(forms),
    yearGroup: by(years),
    house: by(houses),
    tutorGroup: by(tutors),
    yearOfForm: by(yearOfForm),
  };
}

/**
 * A group by id ("form:211" or "211") or by name or code ("9R", "Form 9R", "Year 9", "Y9", "Green House",
 * "Green", "TG09X"). Nothing matching is a UserInputError that lists the valid names.
 */
export function resolveGroup(
  groups: SchoolGroups,
  input: string,
  field: string,
  kinds: readonly GroupRefKind[] = ["year_group", "form", "tutor_group", "house"],
): GroupRef {
  const candidates = groups.all.filter((g) => kinds.includes(g.kind));
  const trimmed = input.trim();
  const qualified = /^(form|tutor_group|year_group|house):(\d+)$/.exec(trimmed);
  if (qualified) {
    const found = candidates.find((g) => g.kind === qualified[1] && g.id === qualified[2]);
    if (found) return found;
  } else if (/^\d+$/.test(trimmed)) {
    const byId = candidates.filter((g) => g.id === trimmed);
    if (byId.length === 1) return byId[0] as GroupRef;
    if (byId.length > 1) {
      throw new UserInputError(
        `${field} ${trimmed} is the id of several groups; use one of ${byId.map((g) => `${g.kind}:${g.id}`).join(", ")}`,
        field,
      );
    }
    // A bare year number ("9") where a year group is acceptable.
    const year = candidates.find((g) => g.kind === "year_group" && g.keys.includes(`year${trimmed}`));
    if (year) return year;
  } else {
    const key = normalise(trimmed);
    const matches = candidates.filter((g) => g.keys.includes(key));
    if (matches.length === 1) return matches[0] as GroupRef;
    if (matches.length > 1) {
      throw new UserInputError(
        `${field} "${trimmed}" names several groups: ${matches.map((g) => `${g.name} (${KIND_WORDS[g.kind]}, ${g.kind}:${g.id})`).join(", ")}`,
        field,
      );
    }
  }
  const kindWords = kinds.map((k) => KIND_WORDS[k]).join(", ");
  const valid = candidates.map((g) => g.name).join(", ");
  throw new UserInputError(
    `No ${kindWords} matches ${field} "${trimmed.slice(0, 60)}". Valid values: ${valid || "none"}.`,
    field,
  );
}
