import { localDate } from "../../time/local.js";
import type { SandboxReply, SandboxRequest } from "../common/http.js";
import { checkIn, checkOut, queryAttendance } from "./attendance.js";
import type { PortalScope } from "./auth.js";
import { listThreads, postMessage } from "./messaging.js";
import { INVOICE_STATUSES, type Invoice, type InvoiceStatus } from "./model.js";
import { listReply, notFound, singleReply, slice, type Variant, validation } from "./reply.js";
import type { NurseryStore } from "./store.js";
import { TIME_ZONE } from "./time.js";
import { dateParam } from "./validate.js";
import type { Lookup, RecordKind } from "./variants.js";

export interface RouteContext {
  req: SandboxRequest;
  params: Record<string, string>;
  store: NurseryStore;
  variant: Variant;
}

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT";
  /** Path under /api/v1, ":name" segments captured into params. */
  path: string;
  scope: PortalScope;
  handle(ctx: RouteContext): SandboxReply;
}

const list = <T>(items: readonly T[], { req, variant, store }: RouteContext, kind: RecordKind) =>
  listReply(slice(items, req.query, variant.flags.pageCap), variant, kind, lookup(store));
const one = (record: unknown, { variant, store }: RouteContext, kind: RecordKind, status = 200) =>
  singleReply(record, variant, status, kind, lookup(store));

/** Room names for the variants that nest a room reference. */
const lookup = (store: NurseryStore): Lookup => ({
  roomName: (id) => store.data.rooms.find((r) => r.id === id)?.name,
});

/** The list omits line items; GET /invoices/:id carries them. */
const invoiceSummary = ({ lineItems: _items, ...summary }: Invoice) => summary;

export const ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "students",
    scope: "students:read",
    handle: (c) => list(c.store.listStudents(c.req.query), c, "student"),
  },
  {
    method: "POST",
    path: "students",
    scope: "students:write",
    handle: (c) => one(c.store.createStudent(c.req.body), c, "student", 201),
  },
  {
    method: "GET",
    path: "students/:id",
    scope: "students:read",
    handle: (c) => one(c.store.student(c.params["id"] ?? ""), c, "student"),
  },
  {
    method: "PATCH",
    path: "students/:id",
    scope: "students:write",
    handle: (c) => one(c.store.updateStudent(c.params["id"] ?? "", c.req.body, false), c, "student"),
  },
  {
    method: "PUT",
    path: "students/:id",
    scope: "students:write",
    handle: (c) => one(c.store.updateStudent(c.params["id"] ?? "", c.req.body, true), c, "student"),
  },
  {
    method: "GET",
    path: "attendance",
    scope: "attendance:read",
    handle: (c) =>
      list(
        queryAttendance(c.store, c.req.query, {
          undated: c.variant.flags.ignoreUndocumentedFilters ? "all" : "today",
        }),
        c,
        "attendance",
      ),
  },
  {
    method: "POST",
    path: "attendance/check-in",
    scope: "attendance:write",
    handle: (c) => one(checkIn(c.store, c.req.body), c, "attendance", 201),
  },
  {
    method: "POST",
    path: "attendance/check-out",
    scope: "attendance:write",
    handle: (c) => one(checkOut(c.store, c.req.body), c, "attendance"),
  },
  {
    method: "GET",
    path: "invoices",
    scope: "billing:read",
    handle: (c) => list(invoices(c).map(invoiceSummary), c, "invoice"),
  },
  {
    method: "GET",
    path: "invoices/:id",
    scope: "billing:read",
    handle: (c) => {
      const id = c.params["id"] ?? "";
      const invoice = c.store.data.invoices.find((i) => i.id === id);
      if (!invoice) throw notFound("Invoice", id);
      return one(invoice, c, "invoice");
    },
  },
  { method: "GET", path: "payments", scope: "billing:read", handle: (c) => list(payments(c), c, "payment") },
  { method: "GET", path: "rooms", scope: "rooms:read", handle: (c) => list(c.store.data.rooms, c, "room") },
  {
    method: "GET",
    path: "rooms/:id",
    scope: "rooms:read",
    handle: (c) => one(c.store.room(c.params["id"] ?? ""), c, "room"),
  },
  {
    method: "GET",
    path: "rooms/:id/students",
    scope: "rooms:read",
    handle: (c) => {
      const room = c.store.room(c.params["id"] ?? "");
      const members = c.store.data.students.filter(
        (s) => s.roomId === room.id && s.enrollmentStatus === "enrolled",
      );
      return list(members, c, "student");
    },
  },
  {
    method: "GET",
    path: "staff",
    scope: "staff:read",
    handle: (c) => list(c.store.listStaff(c.req.query), c, "staff"),
  },
  {
    method: "GET",
    path: "staff/:id",
    scope: "staff:read",
    handle: (c) => one(c.store.staffMember(c.params["id"] ?? ""), c, "staff"),
  },
  {
    method: "GET",
    path: "messages",
    scope: "messages:read",
    handle: (c) => list(listThreads(c.store, c.req.query), c, "thread"),
  },
  {
    method: "POST",
    path: "messages",
    scope: "messages:write",
    handle: (c) => one(postMessage(c.store, c.req.body), c, "message", 201),
  },
];

function invoices({ store, req, variant }: RouteContext): Invoice[] {
  const asked = req.query.get("status");
  // A server that shows display names ("Partially paid") takes them, or the codes, in its filter.
  const status =
    asked && variant.flags.altFields
      ? asked
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_")
      : asked;
  if (status && !INVOICE_STATUSES.includes(status as InvoiceStatus)) {
    throw validation(`status must be one of ${INVOICE_STATUSES.join(", ")}`);
  }
  const studentId = req.query.get("studentId");
  return store.data.invoices
    .filter((i) => (!status || i.status === status) && (!studentId || i.studentId === studentId))
    .sort((a, b) => b.issueDate.localeCompare(a.issueDate) || a.id.localeCompare(b.id));
}

/** Payments made by now; ?from=&to= are the nursery's London days. */
function payments({ store, req }: RouteContext) {
  const invoiceId = req.query.get("invoiceId");
  const studentId = req.query.get("studentId");
  const from = dateParam(req.query.get("from"), "from");
  const to = dateParam(req.query.get("to"), "to");
  const day = (p: { paidAt: string }) => localDate(Date.parse(p.paidAt), TIME_ZONE);
  return store
    .payments()
    .filter(
      (p) =>
        (!invoiceId || p.invoiceId === invoiceId) &&
        (!studentId || p.studentId === studentId) &&
        (!from || day(p) >= from) &&
        (!to || day(p) <= to),
    )
    .sort((a, b) => b.paidAt.localeCompare(a.paidAt) || a.id.localeCompare(b.id));
}

/** Finds the route for a method and the path segments after /api/v1. */
export function matchRoute(
  method: string,
  segments: string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split("/");
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = pattern.every((part, i) => {
      const segment = segments[i] ?? "";
      if (part.startsWith(":")) {
        params[part.slice(1)] = segment;
        return true;
      }
      return part === segment;
    });
    if (ok) return { route, params };
  }
  return undefined;
}
