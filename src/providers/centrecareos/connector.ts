import type { CentreCareOsConnection } from "../../config/schema.js";
import type {
  CallContext,
  Capability,
  Connector,
  ListStudentsQuery,
  SaveStudentInput,
} from "../../domain/connector.js";
import { MissingUpstreamScopeError, UserInputError } from "../../errors.js";
import { systemClock } from "../../time/clock.js";
import { hashCredential, UpstreamClient } from "../../upstream/index.js";
import type { ConnectorDeps } from "../types.js";
import { CentreCareOsApi } from "./api.js";
import { AttendanceOps, nurseryToday } from "./attendance.js";
import { apiKeyAuthenticator, mapCentreCareOsError } from "./auth.js";
import { pagedList, sliceList } from "./cursor.js";
import { Directory } from "./directory.js";
import {
  DEFAULT_BASE_URL,
  ENROLMENT_TO_UPSTREAM,
  INVOICE_STATUSES,
  PATHS,
  PROVIDER,
  QUERY,
  RATE_LIMIT,
  TIME_ZONE,
} from "./endpoints.js";
import { toGroup, toInvoice, toPayment, toStaffMember, toStudent, toStudentDetail } from "./map.js";
import { MessagingOps } from "./messaging.js";
import { UpAttendance, UpInvoice, UpPayment, UpStaff, UpStudent } from "./schemas.js";

export const CAPABILITIES: readonly Capability[] = [
  "listStudents",
  "getStudent",
  "saveStudent",
  "listStaff",
  "listGroups",
  "getAttendance",
  "recordAttendance",
  "listMessages",
  "sendMessage",
  "resolveRecipients",
  "listInvoices",
  "getInvoice",
  "listPayments",
];

const SCHOOL_GROUPINGS = ["yearGroup", "form", "tutorGroup", "house"] as const;

function upstreamEnrolment(status: string | undefined): string | undefined {
  if (status === undefined) return undefined;
  const mapped = ENROLMENT_TO_UPSTREAM[status as keyof typeof ENROLMENT_TO_UPSTREAM];
  if (!mapped) {
    throw new UserInputError(
      `CentreCareOS has no "${status}" enrolment status; use ${Object.keys(ENROLMENT_TO_UPSTREAM).join(", ")}.`,
      "enrolmentStatus",
    );
  }
  return mapped;
}

export function createCentreCareOsConnector(
  id: string,
  config: CentreCareOsConnection,
  deps: ConnectorDeps,
): Connector {
  const label = config.label ?? `${id} (CentreCareOS)`;
  const baseUrl = config.baseUrl ?? DEFAULT_BASE_URL;
  const client = new UpstreamClient({
    provider: PROVIDER,
    connection: id,
    baseUrl,
    credentialKey: hashCredential(config.apiKey),
    authenticator: apiKeyAuthenticator(config.apiKey),
    rateLimit: RATE_LIMIT,
    ...(deps.timeScale ? { timeScale: deps.timeScale } : {}),
    logger: deps.logger,
    cache: deps.cache,
    cacheSensitive: deps.cacheSensitive,
    ...(deps.rateStore ? { rateStore: deps.rateStore } : {}),
    mapError: mapCentreCareOsError,
  });
  const api = new CentreCareOsApi(client);
  const directory = new Directory(api, label);
  const clock = deps.clock ?? systemClock;
  const attendance = new AttendanceOps(id, api, directory, clock);
  const messaging = new MessagingOps(id, label, api, directory);
  const sensitive = (ctx: CallContext) => ctx.scopes.has("sensitive:read");

  return {
    id,
    provider: "centrecareos",
    label,
    capabilities: CAPABILITIES,
    timeZone: TIME_ZONE,

    async check(ctx) {
      try {
        const probe = await api.probe(PATHS.rooms, ctx);
        const budget =
          probe.remaining === undefined
            ? ""
            : `; ${probe.remaining} of ${probe.limit ?? "?"} requests left this hour`;
        return { detail: `API key accepted; ${probe.total ?? "some"} room(s)${budget}` };
      } catch (error) {
        // The key works but may not read rooms: that is still a working connection.
        if (error instanceof MissingUpstreamScopeError)
          return { detail: `API key accepted (it lacks ${error.scope})` };
        throw error;
      }
    },

    close: () => client.close(),

    async listStudents(q: ListStudentsQuery, ctx) {
      const grouping = SCHOOL_GROUPINGS.find((key) => q[key] !== undefined);
      if (grouping) {
        throw new UserInputError(
          `CentreCareOS groups children by room, not by ${grouping}; pass groupId with a room name instead.`,
          grouping,
        );
      }
      const rooms = await directory.roomMap(ctx);
      const room = q.groupId ? await directory.resolveRoom(q.groupId, ctx) : undefined;
      const query = {
        [QUERY.roomId]: room?.id,
        [QUERY.enrollmentStatus]: upstreamEnrolment(q.enrolmentStatus),
        [QUERY.search]: q.search?.trim() || undefined,
      };
      return pagedList(
        api,
        { path: PATHS.students, query, schema: UpStudent, what: "student" },
        { list: "students", ...q },
        ctx,
        { cache: "sensitive" },
        (student) => toStudent(id, student, rooms),
      );
    },

    async getStudent(studentId, ctx) {
      const [student, rooms] = await Promise.all([directory.student(studentId, ctx), directory.roomMap(ctx)]);
      return toStudentDetail(id, student, rooms, sensitive(ctx));
    },

    /** Creates (POST) without an id, else changes only the fields given (PATCH). roomId may be a room name. */
    async saveStudent(input: SaveStudentInput, ctx) {
      const room = input.roomId ? await directory.resolveRoom(input.roomId, ctx) : undefined;
      const body = Object.fromEntries(
        Object.entries({
          firstName: input.firstName,
          lastName: input.lastName,
          dateOfBirth: input.dateOfBirth,
          roomId: room?.id,
          enrollmentStatus: upstreamEnrolment(input.enrolmentStatus),
        }).filter(([, value]) => value !== undefined),
      );
      if (input.id && Object.keys(body).length === 0) {
        throw new UserInputError("Nothing to update: give at least one field to change.", "firstName");
      }
      const options = { invalidates: [PATHS.students, PATHS.rooms] };
      const saved = input.id
        ? await api.write("PATCH", PATHS.student(input.id), body, UpStudent, "student", ctx, {
            ...options,
            notFound: `${label} has no child with id ${input.id}.`,
          })
        : await api.write("POST", PATHS.students, body, UpStudent, "student", ctx, options);
      return toStudent(id, saved, await directory.roomMap(ctx));
    },

    /** The portal has no staff search, so we filter by name on our side; cursors page the filtered list. */
    async listStaff(q, ctx) {
      const [staff, rooms] = await Promise.all([
        api.all(PATHS.staff, {}, UpStaff, "staff member", ctx, { cache: "directory" }),
        directory.roomMap(ctx),
      ]);
      const search = q.search?.trim().toLowerCase();
      const matching = staff.filter(
        (s) => !search || `${s.firstName} ${s.lastName}`.toLowerCase().includes(search),
      );
      return sliceList(
        matching.map((s) => toStaffMember(id, s, rooms)),
        { list: "staff", ...q },
      );
    },

    /** Rooms with capacity, staff, children assigned (memberCount) and children checked in now (occupancy). */
    async listGroups(q, ctx) {
      if (q.kind && q.kind !== "room") return [];
      const search = q.search?.trim().toLowerCase();
      const rooms = (await directory.rooms(ctx)).filter(
        (r) => !search || r.name.toLowerCase().includes(search),
      );
      if (rooms.length === 0) return [];
      const [today, enrolled] = await Promise.all([
        api
          .all(PATHS.attendance, { [QUERY.date]: nurseryToday(clock) }, UpAttendance, "attendance", ctx, {
            cache: "live",
          })
          .catch(tolerateMissingScope),
        directory.enrolled(ctx).catch(tolerateMissingScope),
      ]);
      return rooms.map((room) => {
        const visits = today?.filter((r) => r.roomId === room.id);
        const inNow =
          visits && new Set(visits.filter((r) => r.checkInAt && !r.checkOutAt).map((r) => r.studentId));
        const members = enrolled?.filter((s) => s.roomId === room.id).length;
        return toGroup(id, room, {
          ...(inNow ? { occupancy: inNow.size } : {}),
          ...(members === undefined ? {} : { members }),
        });
      });
    },

    getAttendance: (q, ctx) => attendance.get(q, ctx),
    recordAttendance: (input, ctx) => attendance.record(input, ctx),
    listMessages: (q, ctx) => messaging.list(q, ctx),
    sendMessage: (input, ctx) => messaging.send(input, ctx),
    resolveRecipients: (input, ctx) => messaging.resolve(input, ctx),

    async listInvoices(q, ctx) {
      if (q.status !== undefined && !(INVOICE_STATUSES as readonly string[]).includes(q.status)) {
        throw new UserInputError(
          `CentreCareOS invoice status must be one of ${INVOICE_STATUSES.join(", ")}.`,
          "status",
        );
      }
      const names = await directory.studentNames(ctx);
      return pagedList(
        api,
        {
          path: PATHS.invoices,
          query: { [QUERY.status]: q.status, [QUERY.studentId]: q.studentId },
          schema: UpInvoice,
          what: "invoice",
        },
        { list: "invoices", ...q },
        ctx,
        { cache: "history" },
        (invoice) => toInvoice(id, invoice, invoice.studentId ? names.get(invoice.studentId) : undefined),
      );
    },

    async getInvoice(invoiceId, ctx) {
      const invoice = await api.one(PATHS.invoice(invoiceId), UpInvoice, "invoice", ctx, {
        cache: "history",
        notFound: `${label} has no invoice with id ${invoiceId}.`,
      });
      const names = invoice.studentId ? await directory.studentNames(ctx) : new Map<string, string>();
      return toInvoice(id, invoice, invoice.studentId ? names.get(invoice.studentId) : undefined);
    },

    async listPayments(q, ctx) {
      return pagedList(
        api,
        {
          path: PATHS.payments,
          query: { [QUERY.invoiceId]: q.invoiceId },
          schema: UpPayment,
          what: "payment",
        },
        { list: "payments", ...q },
        ctx,
        { cache: "history" },
        (payment) => toPayment(id, payment),
      );
    },
  };
}

function tolerateMissingScope(error: unknown): undefined {
  if (error instanceof MissingUpstreamScopeError) return undefined;
  throw error;
}
