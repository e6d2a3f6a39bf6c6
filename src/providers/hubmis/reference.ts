/**
 * Reference data: the academic year, year groups, forms, tutor groups, houses, attendance codes, pastoral
 * categories and severities. Fetched once and kept for hours in the shared cache (kind "reference"), so
 * records carry names rather than ids, and names ("Year 9", "9R", "Green House") resolve to ids.
 */
import type { CallContext, GroupKind } from "../../domain/index.js";
import { InvalidResponseError, UserInputError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { Clock } from "../../time/clock.js";
import { localToday } from "../../time/local.js";
import type { HubmisApi } from "./api.js";
import { PATHS, PROVIDER, TIME_ZONE } from "./endpoints.js";
import {
  AcademicYearWire,
  CategoryWire,
  ClosureWire,
  CodeWire,
  DatedWire,
  FormWire,
  HouseWire,
  parseList,
  SeverityWire,
  TutorGroupWire,
  YearGroupWire,
} from "./schemas.js";

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

export class ReferenceData {
  constructor(
    private readonly api: HubmisApi,
    private readonly configuredYear: string | undefined,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  async academicYearId(ctx: CallContext): Promise<string> {
    if (this.configuredYear) return this.configuredYear;
    const years = parseList(
      await this.api.get(PATHS.academicYears, {}, REFERENCE, ctx),
      AcademicYearWire,
      "the academic years",
      this.logger,
    );
    const today = localToday(this.clock, TIME_ZONE);
    const current =
      years.find((y) => y.is_current === true || y.status === "current") ??
      years.find((y) => (y.start_date ?? "") <= today && today <= (y.end_date ?? ""));
    if (!current)
      throw new InvalidResponseError(PROVIDER, "no current academic year in the academic years list");
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
    const result: SchoolGroups = {
      forms: parseList(forms, FormWire, "the forms", this.logger),
      tutorGroups: parseList(tutorGroups, TutorGroupWire, "the tutor groups", this.logger),
      yearGroups: parseList(yearGroups, YearGroupWire, "the year groups", this.logger),
      houses: parseList(houses, HouseWire, "the houses", this.logger).filter((h) => h.is_active !== false),
      all: [],
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
    result.all = [
      ...result.yearGroups.map((y) => named("year_group", y.id, y.name, y.code)),
      ...result.forms.map((f) => named("form", f.id, f.code ?? f.name, f.name)),
      ...result.tutorGroups.map((t) => named("tutor_group", t.id, t.name, t.code)),
      ...result.houses.map((h) => named("house", h.id, h.name, h.code, h.name.replace(/\s+house$/i, ""))),
    ];
    return result;
  }

  /** Terms and holidays of the academic year, to explain a range with no registers. */
  async calendar(ctx: CallContext): Promise<{ terms: DatedWire[]; holidays: DatedWire[] }> {
    const year = await this.academicYearId(ctx);
    const [terms, holidays] = await Promise.all([
      this.api.get(PATHS.terms(year), {}, REFERENCE, ctx),
      this.api.get(PATHS.holidays(year), {}, REFERENCE, ctx),
    ]);
    return {
      terms: parseList(terms, DatedWire, "the terms", this.logger),
      holidays: parseList(holidays, DatedWire, "the holidays", this.logger),
    };
  }

  /** Inset days and closure dates of the academic year: school days in term when pupils are not in. */
  async closures(ctx: CallContext): Promise<DatedWire[]> {
    const year = await this.academicYearId(ctx);
    const [inset, closed] = await Promise.all([
      this.api.get(PATHS.insetDays(year), {}, REFERENCE, ctx),
      this.api.get(PATHS.closureDates(year), {}, REFERENCE, ctx),
    ]);
    return [
      ...parseList(inset, ClosureWire, "the inset days", this.logger),
      ...parseList(closed, ClosureWire, "the closure dates", this.logger),
    ];
  }

  /** Attendance codes by their code ("/", "L", "M" …). */
  async codes(ctx: CallContext): Promise<Map<string, CodeWire>> {
    const codes = parseList(
      await this.api.get(PATHS.attendanceCodes, {}, REFERENCE, ctx),
      CodeWire,
      "the attendance codes",
      this.logger,
    );
    return new Map(codes.map((c) => [c.code, c]));
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
        ...parseList(events, CategoryWire, "the wellbeing event categories", this.logger).map(
          category("event"),
        ),
        ...parseList(plans, CategoryWire, "the wellbeing plan categories", this.logger).map(category("plan")),
      ],
      severities: parseList(severities, SeverityWire, "the severity levels", this.logger).map((s, i) => ({
        id: s.id,
        name: s.name,
        rank: s.position ?? i + 1,
      })),
    };
  }
}

/** Year group name of a form id, for pupils (HUBmis puts the form, not the year group, on a pupil). */
export function yearOfForm(groups: SchoolGroups): (formId: string | undefined) => string | undefined {
  const byForm = new Map(groups.forms.map((f) => [f.id, f.year_group?.name ?? undefined]));
  return (formId) => (formId === undefined ? undefined : (byForm.get(formId) ?? undefined));
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

export const GROUP_KIND: Record<GroupRefKind, GroupKind> = {
  form: "form",
  tutor_group: "tutor_group",
  year_group: "year_group",
  house: "house",
};
