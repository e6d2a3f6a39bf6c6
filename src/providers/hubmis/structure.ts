/**
 * Departments ("Science", with its heads and subjects) and school sections ("Middle School", with its heads
 * and year groups). The reference gives each a list and a single record but no members call, so they are
 * listed as groups without a member list: a section's pupils are those of its year groups, which
 * list_students answers by year group; a department has staff and subjects, not pupils.
 */
import { z } from "zod";
import type { CallContext, Group } from "../../domain/index.js";
import { readEach, withAliases } from "../common/trust.js";
import { Id } from "../common/wire.js";
import { PATHS, PROVIDER } from "./endpoints.js";
import { mapListedGroup } from "./map-groups.js";
import { readAll } from "./paging.js";
import type { ReferenceData } from "./reference.js";
import type { StudentDeps } from "./students.js";
import { People, RefList, refName, Words } from "./wire.js";

const HEADS = ["heads", "head", "staff", "leaders"];

export const DepartmentWire = withAliases(
  { name: ["title"], code: ["short_name"], department_heads: HEADS, subjects: ["subject_list"] },
  z.object({ id: Id, name: z.string(), code: Words, department_heads: People, subjects: RefList }),
);
export type DepartmentWire = z.infer<typeof DepartmentWire>;

export const SectionWire = withAliases(
  { name: ["title"], code: ["short_name"], section_heads: HEADS, year_groups: ["years", "yearGroups"] },
  z.object({ id: Id, name: z.string(), code: Words, section_heads: People, year_groups: RefList }),
);
export type SectionWire = z.infer<typeof SectionWire>;

const REFERENCE = { kind: "reference" } as const;

function names(refs: SectionWire["year_groups"]): string[] | undefined {
  const out = (refs ?? []).map((r) => refName(r)).filter((n): n is string => Boolean(n));
  return out.length ? out : undefined;
}

/** The year's departments and the school's sections, as groups (two requests, read only when asked). */
export async function readStructure(
  deps: StudentDeps & { reference: ReferenceData },
  kinds: { departments: boolean; sections: boolean },
  ctx: CallContext,
): Promise<Group[]> {
  const year = await deps.reference.academicYearId(ctx);
  const [departments, sections] = await Promise.all([
    kinds.departments
      ? readAll(deps, PATHS.departments(year), {}, { what: "departments", cache: REFERENCE }, ctx)
      : undefined,
    kinds.sections
      ? readAll(deps, PATHS.sections, {}, { what: "sections", cache: REFERENCE }, ctx)
      : undefined,
  ]);
  const out: Group[] = [];
  for (const w of readEach(departments?.raws ?? [], DepartmentWire, "departments", ctx, PROVIDER)) {
    const g = mapListedGroup({ id: w.id, staff: w.department_heads }, "department", w.name, deps.connection);
    const subjects = names(w.subjects);
    if (subjects) g.includes = subjects;
    out.push(g);
  }
  for (const w of readEach(sections?.raws ?? [], SectionWire, "sections", ctx, PROVIDER)) {
    const g = mapListedGroup({ id: w.id, staff: w.section_heads }, "section", w.name, deps.connection);
    const years = names(w.year_groups);
    if (years) g.includes = years;
    out.push(g);
  }
  return out;
}
