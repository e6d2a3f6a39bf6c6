import type { DatedItem } from "./calendar.js";
import type { Student } from "./model.js";
import { ApiError, matchesSearch, pageOf, parseQuery, type QuerySpec } from "./query.js";
import { found, type Route, type RouteContext, route } from "./router.js";
import {
  activityView,
  formView,
  houseView,
  roomView,
  studentSummary,
  subjectSetView,
  tutorGroupView,
  yearGroupView,
} from "./views.js";

/** School configuration and academic structure: years, terms, groups, houses, rooms, attendance codes. */

function academicYear(ctx: RouteContext): number {
  const raw = ctx.params["academicYearId"] ?? "";
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!ctx.store.knownYear(id))
    throw new ApiError(404, "not_found", `Academic year ${raw.slice(0, 40)} not found`);
  return id;
}

function datedList(pick: (ctx: RouteContext) => DatedItem[], singleDay: boolean) {
  return (ctx: RouteContext) => {
    const year = academicYear(ctx);
    return pick(ctx)
      .filter((item) => item.academicYearId === year)
      .map((item) =>
        singleDay
          ? { id: item.id, name: item.name, date: item.startDate }
          : { id: item.id, name: item.name, start_date: item.startDate, end_date: item.endDate },
      );
  };
}

const GROUP_LIST: QuerySpec = {
  search: true,
  sort: ["code", "name"],
  filters: { yearGroup: { kind: "id" }, section: { kind: "id" } },
};

function groupSort<T extends { code: string; name: string }>(item: T, field: string): string {
  return field === "name" ? item.name : item.code;
}

function listForms(ctx: RouteContext): unknown {
  const year = academicYear(ctx);
  const q = parseQuery(ctx.query, GROUP_LIST);
  if (!ctx.store.isCurrentYear(year)) return [];
  const items = ctx.store.data.forms.filter(
    (f) =>
      (q.filters["yearGroup"] === undefined || f.yearGroupId === q.filters["yearGroup"]) &&
      (q.filters["section"] === undefined ||
        ctx.store.yearGroups.get(f.yearGroupId)?.sectionId === q.filters["section"]) &&
      matchesSearch(q.search, f.code, f.name),
  );
  return pageOf(items, q, groupSort, false).map((f) => formView(ctx.store, f));
}

function listTutorGroups(ctx: RouteContext): unknown {
  const year = academicYear(ctx);
  const q = parseQuery(ctx.query, {
    search: true,
    sort: ["code", "name"],
    filters: { section: { kind: "id" } },
  });
  if (!ctx.store.isCurrentYear(year)) return [];
  const items = ctx.store.data.tutorGroups.filter(
    (t) =>
      (q.filters["section"] === undefined || t.sectionId === q.filters["section"]) &&
      matchesSearch(q.search, t.code, t.name),
  );
  return pageOf(items, q, groupSort, false).map((t) => tutorGroupView(ctx.store, t));
}

function listYearGroups(ctx: RouteContext): unknown {
  const year = academicYear(ctx);
  const q = parseQuery(ctx.query, { sort: ["position", "name"], filters: { section: { kind: "id" } } });
  if (!ctx.store.isCurrentYear(year)) return [];
  const items = ctx.store.data.yearGroups.filter(
    (y) => q.filters["section"] === undefined || y.sectionId === q.filters["section"],
  );
  return pageOf(items, q, (y, field) => (field === "name" ? y.name : y.position), false).map((y) =>
    yearGroupView(ctx.store, y),
  );
}

function listSubjectSets(ctx: RouteContext): unknown {
  const year = academicYear(ctx);
  const q = parseQuery(ctx.query, {
    paged: true,
    search: true,
    sort: ["code", "name"],
    filters: { yearGroup: { kind: "id" }, section: { kind: "id" }, subject: { kind: "id" } },
  });
  if (!ctx.store.isCurrentYear(year)) return [];
  const items = ctx.store.data.subjectSets.filter(
    (set) =>
      (q.filters["yearGroup"] === undefined || set.yearGroupId === q.filters["yearGroup"]) &&
      (q.filters["section"] === undefined || set.sectionId === q.filters["section"]) &&
      (q.filters["subject"] === undefined || set.subjectId === q.filters["subject"]) &&
      matchesSearch(q.search, set.code, set.name),
  );
  return pageOf(items, q, groupSort, true).map((set) => subjectSetView(ctx.store, set));
}

function listActivities(ctx: RouteContext): unknown {
  const year = academicYear(ctx);
  const q = parseQuery(ctx.query, { search: true, filters: { yearGroup: { kind: "id" } } });
  if (!ctx.store.isCurrentYear(year)) return [];
  return ctx.store.data.activities
    .filter(
      (a) =>
        (q.filters["yearGroup"] === undefined || a.yearGroupIds.includes(Number(q.filters["yearGroup"]))) &&
        matchesSearch(q.search, a.code, a.name),
    )
    .map((a) => activityView(ctx.store, a));
}

const MEMBER_LIST: QuerySpec = {
  search: true,
  sort: ["id", "firstName", "lastName"],
  filters: {
    form: { kind: "id" },
    yearGroup: { kind: "id" },
    gender: { kind: "id" },
    boardingType: { kind: "id" },
  },
};

function members(ctx: RouteContext, inGroup: (s: Student) => boolean): unknown {
  const q = parseQuery(ctx.query, MEMBER_LIST);
  if (!ctx.store.isCurrentYear(ctx.academicYearId)) return [];
  const items = ctx.store.data.students.filter(
    (s) =>
      s.enrolmentStatus === "current" &&
      inGroup(s) &&
      (q.filters["form"] === undefined || s.formId === q.filters["form"]) &&
      (q.filters["yearGroup"] === undefined || s.yearGroupId === q.filters["yearGroup"]) &&
      (q.filters["gender"] === undefined || (s.gender === "Female" ? 1 : 2) === q.filters["gender"]) &&
      matchesSearch(q.search, s.firstName, s.lastName, s.preferredName),
  );
  const sortValue = (s: Student, field: string) =>
    field === "firstName" ? s.firstName : field === "lastName" ? s.lastName : s.id;
  return pageOf(items, q, sortValue, false).map((s) => studentSummary(ctx.store, s));
}

function listHouses(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, {
    filters: { houseType: { kind: "enum", values: ["academic", "boarding"] }, isActive: { kind: "bool" } },
  });
  return ctx.store.data.houses
    .filter(
      (h) =>
        (q.filters["houseType"] === undefined || h.houseType === q.filters["houseType"]) &&
        (q.filters["isActive"] === undefined || q.filters["isActive"] === true),
    )
    .map((h) => houseView(ctx.store, h));
}

function listRooms(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, { paged: true, search: true, filters: { location: { kind: "id" } } });
  const items = ctx.store.data.rooms.filter(
    (r) =>
      (q.filters["location"] === undefined || q.filters["location"] === 1) &&
      matchesSearch(q.search, r.code, r.description),
  );
  return pageOf(items, q, (r) => r.id, true).map(roomView);
}

function listCodes(ctx: RouteContext): unknown {
  const q = parseQuery(ctx.query, { filters: { display: { kind: "bool" } } });
  return ctx.store.data.attendanceCodes
    .filter((c) => q.filters["display"] === undefined || c.display === q.filters["display"])
    .map((c) => ({
      id: c.id,
      code: c.code,
      description: c.description,
      statistical_category: c.statisticalCategory,
      is_late: c.isLate,
      display: c.display,
    }));
}

export const SCHOOL_ROUTES: Route[] = [
  route("academic-years", (ctx) =>
    ctx.store.data.calendar.academicYears.map((y) => ({
      id: y.id,
      name: y.name,
      start_date: y.startDate,
      end_date: y.endDate,
      is_current: y.current,
    })),
  ),
  route(
    "academic-years/:academicYearId/terms",
    datedList((ctx) => ctx.store.data.calendar.terms, false),
  ),
  route(
    "academic-years/:academicYearId/holidays",
    datedList((ctx) => ctx.store.data.calendar.holidays, false),
  ),
  route(
    "academic-years/:academicYearId/inset-days",
    datedList((ctx) => ctx.store.data.calendar.insetDays, true),
  ),
  route(
    "academic-years/:academicYearId/closure-dates",
    datedList((ctx) => ctx.store.data.calendar.closureDates, true),
  ),
  route("academic-years/:academicYearId/forms", listForms),
  route("academic-years/:academicYearId/tutor-groups", listTutorGroups),
  route("academic-years/:academicYearId/year-groups", listYearGroups),
  route("academic-years/:academicYearId/subject-sets", listSubjectSets),
  route("forms/:id/students", (ctx) => {
    const form = found(ctx.store.forms, ctx.params["id"], "Form");
    return members(ctx, (s) => s.formId === form.id);
  }),
  route("tutor-groups/:id/students", (ctx) => {
    const group = found(ctx.store.tutorGroups, ctx.params["id"], "Tutor group");
    return members(ctx, (s) => s.tutorGroupId === group.id);
  }),
  route("subject-sets/:id/students", (ctx) => {
    const set = found(ctx.store.subjectSets, ctx.params["id"], "Subject set");
    return members(ctx, (s) => set.studentIds.includes(s.id));
  }),
  route("academic-years/:academicYearId/subject-sets/:id", (ctx) => {
    academicYear(ctx);
    return subjectSetView(ctx.store, found(ctx.store.subjectSets, ctx.params["id"], "Subject set"));
  }),
  route("academic-years/:academicYearId/extra-curricular-activities", listActivities),
  route("academic-years/:academicYearId/extra-curricular-activities/:id", (ctx) => {
    academicYear(ctx);
    return activityView(ctx.store, found(ctx.store.activities, ctx.params["id"], "Activity"));
  }),
  // The reference lists no members call for an activity; this is the path the members of a group take.
  route("extra-curricular-activities/:id/students", (ctx) => {
    const activity = found(ctx.store.activities, ctx.params["id"], "Activity");
    return members(ctx, (s) => activity.studentIds.includes(s.id));
  }),
  route("houses", listHouses),
  route("houses/:id", (ctx) => houseView(ctx.store, found(ctx.store.houses, ctx.params["id"], "House"))),
  route("houses/:id/students", (ctx) => {
    const house = found(ctx.store.houses, ctx.params["id"], "House");
    return members(ctx, (s) => s.houseId === house.id);
  }),
  route("rooms", listRooms),
  route("rooms/:id", (ctx) => roomView(found(ctx.store.rooms, ctx.params["id"], "Room"))),
  route("attendance-codes", listCodes),
];
