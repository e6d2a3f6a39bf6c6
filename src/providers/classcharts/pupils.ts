/**
 * Which pupils a call is about. Every parent call must name a pupil the account can see, so the choice is
 * made here, from the list learnt at login, before any upstream call: an unknown id is refused, a feature
 * the school hides is reported as not shared, never asked for.
 */
import type { CallContext } from "../../domain/connector.js";
import { NotFoundError, NotSupportedError, UserInputError } from "../../errors.js";
import { checkRange as checkSharedRange } from "../common/range.js";
import { readEach } from "../common/trust.js";
import { PROVIDER } from "./api.js";
import { DISPLAY_FLAG, type Feature, type Role } from "./endpoints.js";
import { pupilName, readPupil } from "./map.js";
import { flag, type PupilWire } from "./wire.js";

export interface KnownPupil {
  id: string;
  /** How the records we return name them; absent when the service gave no name. */
  name?: string | undefined;
  raw: PupilWire;
}

/**
 * The pupils the account may see, read once per call: a pupil record we cannot read is counted, and a list
 * with none readable is an error rather than "no pupils".
 */
export function knownPupils(
  raw: readonly unknown[],
  ctx: Pick<CallContext, "report" | "logger">,
): KnownPupil[] {
  return readEach(
    raw,
    (pupil) => {
      const wire = readPupil(pupil);
      return wire && { id: wire.id, name: pupilName(wire), raw: wire };
    },
    "pupils",
    ctx,
    PROVIDER,
  );
}

/**
 * The pupils a call covers: the one named (by id, or by a name that matches exactly one pupil), or all of
 * them when none is named.
 */
export function selectPupils(pupils: KnownPupil[], studentId: string | undefined): KnownPupil[] {
  if (studentId === undefined || studentId.trim() === "") return pupils;
  const wanted = studentId.trim();
  const byId = pupils.find((p) => p.id === wanted);
  if (byId) return [byId];
  const lower = wanted.toLowerCase();
  const byName = pupils.filter((p) =>
    [p.name, p.raw.first_name].some((n) => typeof n === "string" && n.toLowerCase() === lower),
  );
  if (byName.length === 1) return byName;
  const ids = pupils.map((p) => p.id).join(", ");
  if (byName.length > 1) {
    throw new UserInputError(`More than one pupil has that name; pass one of the ids: ${ids}.`, "studentId");
  }
  const named = /^\d+$/.test(wanted) ? `pupil ${wanted}` : "a pupil with that name";
  throw new NotFoundError(
    `This ClassCharts connection cannot see ${named}. Pupils it can see: ${ids || "none"} (list_students gives their names).`,
  );
}

const FEATURE_LABEL: Record<Feature, string> = {
  timetable: "The timetable",
  attendance: "Attendance",
  homework: "Homework",
  behaviour: "Behaviour",
  detentions: "Detentions",
  announcements: "Announcements",
};

/** The school's display_* flag; a missing flag means the feature is shown. */
export function shares(pupil: KnownPupil, feature: Feature): boolean {
  return flag(pupil.raw[DISPLAY_FLAG[feature]]) !== false;
}

/** Words of a name, in any order and case: "Emma Hale" is "hale emma". */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .sort()
    .join(" ");
}

/**
 * Whether a record that says whose it is belongs to `pupil` (rule 1: the pupil in the path is a filter
 * whose answer we check). An id decides; a name decides only when it is recognisably another pupil this
 * connection can see, since names are written in more than one way.
 */
export function isFor(
  record: { pupilId?: string | undefined; pupilName?: string | undefined },
  pupil: KnownPupil,
  all: readonly KnownPupil[],
): boolean {
  if (record.pupilId !== undefined) return record.pupilId === pupil.id;
  if (record.pupilName === undefined || pupil.name === undefined) return true;
  const named = nameKey(record.pupilName);
  if (named === nameKey(pupil.name)) return true;
  return !all.some(
    (other) => other.id !== pupil.id && other.name !== undefined && nameKey(other.name) === named,
  );
}

export function notSharedMessage(feature: Feature, role: Role, pupilId?: string): string {
  const audience = role === "parent" ? "parents" : "pupils";
  const who = pupilId ? `pupil ${pupilId}` : "this pupil";
  return `${FEATURE_LABEL[feature]} is not available for ${who}: their school does not share it with ${audience}`;
}

/**
 * Splits the chosen pupils by whether their school shares the feature. Hidden pupils become notes; when every
 * chosen pupil is hidden (a pupil named explicitly, say) the call is unsupported, which the tool reports as a
 * plain statement.
 */
export function withFeature(
  pupils: KnownPupil[],
  feature: Feature,
  role: Role,
): { shown: KnownPupil[]; notes: string[] } {
  const shown = pupils.filter((p) => shares(p, feature));
  const hidden = pupils.filter((p) => !shares(p, feature));
  if (shown.length === 0) {
    throw new NotSupportedError(
      pupils.length === 1
        ? notSharedMessage(feature, role)
        : `${FEATURE_LABEL[feature]} is not available for any pupil on this connection: their schools do not share it with ${role === "parent" ? "parents" : "pupils"}`,
    );
  }
  return { shown, notes: hidden.map((p) => notSharedMessage(feature, role, p.id)) };
}

/** Checks a from/to pair of London calendar days; returns how many days it covers (inclusive). */
export function checkRange(from: string, to: string): number {
  return checkSharedRange(from, to, "ClassCharts");
}
