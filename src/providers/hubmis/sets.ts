/**
 * Subject sets ("9 Maths Set 2") and extra-curricular activities ("Orchestra"): groups of the academic year
 * with their own member lists. They are read only when a question names one or lists them, so the reference
 * data every other call needs stays as cheap as it was.
 */
import type { CallContext, Group } from "../../domain/index.js";
import { readEach } from "../common/trust.js";
import { PATHS, PROVIDER } from "./endpoints.js";
import type { GroupIndex } from "./map.js";
import { mapListedGroup } from "./map-groups.js";
import { readAll } from "./paging.js";
import { normalise, type ReferenceData } from "./reference.js";
import type { StudentDeps } from "./students.js";
import { ActivityWire, SubjectSetWire } from "./wire-groups.js";

export interface SetRef {
  kind: "subject_set" | "activity";
  id: string;
  name: string;
  membersPath: string;
  keys: string[];
}

export interface SchoolSets {
  groups: Group[];
  refs: SetRef[];
}

const REFERENCE = { kind: "reference" } as const;

export async function readSets(
  deps: StudentDeps & { reference: ReferenceData },
  index: GroupIndex,
  ctx: CallContext,
): Promise<SchoolSets> {
  const year = await deps.reference.academicYearId(ctx);
  const [sets, activities] = await Promise.all([
    readAll(deps, PATHS.subjectSets(year), {}, { what: "subject sets", cache: REFERENCE }, ctx),
    readAll(deps, PATHS.activities(year), {}, { what: "activities", cache: REFERENCE }, ctx),
  ]);
  const subjectSets = readEach(sets.raws, SubjectSetWire, "subject sets", ctx, PROVIDER);
  const clubs = readEach(activities.raws, ActivityWire, "activities", ctx, PROVIDER);
  const ref = (
    kind: SetRef["kind"],
    id: string,
    name: string,
    code: string | null | undefined,
    membersPath: string,
  ) => ({
    kind,
    id,
    name,
    membersPath,
    keys: [...new Set([name, code].filter((k): k is string => Boolean(k)).map(normalise))],
  });
  return {
    groups: [
      ...subjectSets.map((w) => mapListedGroup(w, "subject_set", w.name, deps.connection, index)),
      ...clubs.map((w) => mapListedGroup(w, "activity", w.name, deps.connection, index)),
    ],
    refs: [
      ...subjectSets.map((w) => ref("subject_set", w.id, w.name, w.code, PATHS.subjectSetStudents(w.id))),
      ...clubs.map((w) => ref("activity", w.id, w.name, w.code, PATHS.activityStudents(w.id))),
    ],
  };
}

/** A set or activity by "subject_set:312" / "activity:50", or by its name or code ("9 Maths Set 2", "ORCH"). */
export function findSet(sets: SchoolSets, input: string): SetRef | undefined {
  const trimmed = input.trim();
  const qualified = /^(subject_set|activity):(\d+)$/.exec(trimmed);
  if (qualified) return sets.refs.find((r) => r.kind === qualified[1] && r.id === qualified[2]);
  const key = normalise(trimmed);
  const matches = sets.refs.filter((r) => r.keys.includes(key));
  return matches.length === 1 ? matches[0] : undefined;
}
