import { ApiError, matchesSearch, parseQuery } from "./query.js";
import { type Route, type RouteContext, route } from "./router.js";
import type { HubmisStore } from "./store.js";
import { academicYearRef, staffRef, yearGroupRef } from "./views.js";

type Json = Record<string, unknown>;

/**
 * Departments (of an academic year) and school sections, with their heads, subjects and year groups. The
 * reference gives both a list and a single record and no members call; departments are the names the
 * subjects carry, numbered in the order they first appear, each headed by its first current teacher.
 */

interface Department {
  id: number;
  name: string;
  code: string;
  subjectIds: number[];
  headIds: number[];
}

function departments(store: HubmisStore): Department[] {
  const out: Department[] = [];
  for (const subject of store.data.subjects) {
    let d = out.find((x) => x.name === subject.department);
    if (!d) {
      const head = store.data.staff.find(
        (s) => s.status === "current" && s.department === subject.department,
      );
      d = {
        id: out.length + 1,
        name: subject.department,
        code: subject.department.slice(0, 3).toUpperCase(),
        subjectIds: [],
        headIds: head ? [head.id] : [],
      };
      out.push(d);
    }
    d.subjectIds.push(subject.id);
  }
  return out;
}

function departmentView(store: HubmisStore, d: Department): Json {
  return {
    id: d.id,
    academic_year: academicYearRef(store),
    code: d.code,
    department_heads: d.headIds.map((id) => staffRef(store, id)),
    name: d.name,
    subjects: d.subjectIds.map((id) => {
      const s = store.subjects.get(id);
      return s ? { id: s.id, code: s.code, name: s.name } : null;
    }),
    can_copy: true,
  };
}

function sectionView(store: HubmisStore, id: number): Json {
  const section = store.data.sections.find((s) => s.id === id);
  if (!section) throw new ApiError(404, "not_found", "Section not found");
  const years = store.data.yearGroups.filter((y) => y.sectionId === id);
  return {
    id: section.id,
    code: section.code,
    name: section.name,
    section_heads: years.slice(0, 1).map((y) => staffRef(store, y.headStaffId)),
    year_groups: years.map((y) => yearGroupRef(y)),
    position: section.id,
  };
}

function knownYear(ctx: RouteContext): void {
  const raw = ctx.params["academicYearId"] ?? "";
  if (!/^\d{1,9}$/.test(raw) || !ctx.store.knownYear(Number(raw)))
    throw new ApiError(404, "not_found", `Academic year ${raw.slice(0, 40)} not found`);
}

function byId<T extends { id: number }>(items: T[], raw: string | undefined, what: string): T {
  const item = /^\d{1,9}$/.test(raw ?? "") ? items.find((i) => i.id === Number(raw)) : undefined;
  if (!item) throw new ApiError(404, "not_found", `${what} not found`);
  return item;
}

export const STRUCTURE_ROUTES: readonly Route[] = [
  route("academic-years/:academicYearId/departments", (ctx) => {
    knownYear(ctx);
    const q = parseQuery(ctx.query, { search: true });
    return departments(ctx.store)
      .filter((d) => matchesSearch(q.search, d.code, d.name))
      .map((d) => departmentView(ctx.store, d));
  }),
  route("academic-years/:academicYearId/departments/:id", (ctx) => {
    knownYear(ctx);
    return departmentView(ctx.store, byId(departments(ctx.store), ctx.params["id"], "Department"));
  }),
  route("sections", (ctx) => {
    parseQuery(ctx.query, {
      sort: ["position", "name"],
      filters: { groupType: { kind: "enum", values: ["form", "subject_set", "tutor_group", "year_group"] } },
    });
    return ctx.store.data.sections.map((s) => sectionView(ctx.store, s.id));
  }),
  route("sections/:id", (ctx) =>
    sectionView(ctx.store, byId(ctx.store.data.sections, ctx.params["id"], "Section").id),
  ),
];
