import type { CallContext, Connector, ListStudentsQuery, SaveStudentInput } from "../../domain/connector.js";
import {
  InvalidResponseError,
  MissingUpstreamScopeError,
  UserInputError,
  WriteOutcomeUnknownError,
} from "../../errors.js";
import { systemClock } from "../../time/clock.js";
import { hashCredential, UpstreamClient } from "../../upstream/index.js";
import { sameId } from "../common/trust.js";
import type { ConnectorDeps } from "../types.js";
import { CentreCareOsApi } from "./api.js";
import { ATTENDANCE, AttendanceOps, nurseryToday } from "./attendance.js";
import { apiKeyAuthenticator } from "./auth.js";
import type { CentreCareOsConnection } from "./config.js";
import { pagedList, sliceList } from "./cursor.js";
import { Directory, STUDENTS } from "./directory.js";
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
import { mapCentreCareOsError } from "./errors.js";
import {
  enrolmentStatus,
  invoiceStatus,
  toGroup,
  toInvoice,
  toPayment,
  toStaffMember,
  toStudent,
  toStudentDetail,
} from "./map.js";
import { MessagingOps } from "./messaging.js";
import { UpStaff, UpStudent } from "./wire.js";
import { readAttendance, type UpAttendance } from "./wire-attendance.js";
import { UpInvoice, UpPayment } from "./wire-billing.js";

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
  const messaging = new MessagingOps(id, label, api, directory, clock);
  const sensitive = (ctx: CallContext) => ctx.scopes.has("sensitive:read");

  return {
    id,
    provider: "centrecareos",
    label,
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

    /** No student filter is documented: each is sent as a hint and applied again to every record. */
    async listStudents(q: ListStudentsQuery, ctx) {
      const grouping = SCHOOL_GROUPINGS.find((key) => q[key] !== undefined);
      if (grouping) {
        throw new UserInputError(
          `CentreCareOS groups children by room, not by ${grouping}; pass groupId with a room name instead.`,
          grouping,
        );
      }
      const rooms = await directory.roomMap(ctx);
      const room = q.groupId ? await directory.resolveRoom(q.groupId, ctx, rooms) : undefined;
      const status = upstreamEnrolment(q.enrolmentStatus);
      const search = q.search?.trim() || undefined;
      const query = {
        [QUERY.roomId]: room?.id,
        [QUERY.enrollmentStatus]: status,
        [QUERY.search]: search,
      };
      const wanted = search?.toLowerCase();
      const filtered = room !== undefined || status !== undefined || wanted !== undefined;
      return pagedList(
        api,
        {
          path: PATHS.students,
          query,
          read: UpStudent,
          what: STUDENTS,
          ...(filtered
            ? {
                keep: (s: UpStudent) =>
                  (!room || sameId(s.roomId, room.id)) &&
                  (!q.enrolmentStatus || enrolmentStatus(s.enrollmentStatus) === q.enrolmentStatus) &&
                  (!wanted ||
                    [s.firstName, s.preferredName]
                      .filter(Boolean)
                      .some((first) => `${first} ${s.lastName}`.toLowerCase().includes(wanted))),
              }
            : {}),
        },
        { list: "students", ...q },
        ctx,
        // A list answer never shows medical fields, so it is cached as a roster without them.
        { cache: "roster" },
        (student) => toStudent(id, student, rooms),
      );
    },

    async getStudent(studentId, ctx) {
      const [student, rooms] = await Promise.all([
        directory.student(studentId, ctx, false, sensitive(ctx)),
        directory.roomMap(ctx),
      ]);
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
      let answer: unknown;
      try {
        answer = input.id
          ? await api.write("PATCH", PATHS.student(input.id), body, ctx, {
              ...options,
              notFound: `${label} has no child with id ${input.id}.`,
            })
          : await api.write("POST", PATHS.students, body, ctx, options);
      } catch (error) {
        if (!(error instanceof WriteOutcomeUnknownError) || !input.id) throw error;
        // A change with no clear answer is settled by the record: done when it holds every field sent.
        const now = await directory.student(input.id, ctx, true).catch(() => undefined);
        const held =
          now && Object.entries(body).every(([key, value]) => sameId(now[key as keyof UpStudent], value));
        if (now && held) return toStudent(id, now, await directory.roomMap(ctx));
        throw error;
      }
      const saved = UpStudent.safeParse(answer);
      const rooms = await directory.roomMap(ctx);
      if (saved.success && (!input.id || sameId(saved.data.id, input.id)))
        return toStudent(id, saved.data, rooms);
      // Saved (2xx), but the answer is not the record as we read it: the record itself says what was saved.
      if (input.id) return toStudent(id, await directory.student(input.id, ctx, true), rooms);
      throw new WriteOutcomeUnknownError(
        PROVIDER,
        "creating the child's record",
        "It accepted the request but its answer could not be read; search for the child (list_students) before trying again",
      );
    },

    /** The portal has no staff search, so we filter by name on our side; cursors page the filtered list. */
    async listStaff(q, ctx) {
      if (q.id !== undefined) {
        const staffId = q.id.trim();
        const [one, rooms] = await Promise.all([
          api.one(PATHS.staffMember(staffId), UpStaff, "staff record", ctx, {
            cache: "directory",
            notFound: `${label} has no member of staff with id ${staffId}.`,
          }),
          directory.roomMap(ctx),
        ]);
        if (!sameId(one.id, staffId))
          throw new InvalidResponseError(
            PROVIDER,
            `asked for staff ${staffId}, it answered with another record`,
          );
        return { items: [toStaffMember(id, one, rooms)], total: 1 };
      }
      const [staff, rooms] = await Promise.all([
        api.all(PATHS.staff, {}, UpStaff, "staff records", ctx, { cache: "directory" }),
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
      // One room asked for by id is read on its own (GET /rooms/:id), not picked out of the list.
      const rooms = (
        q.id !== undefined ? [await directory.room(q.id.trim(), ctx)] : await directory.rooms(ctx)
      ).filter((r) => !search || r.name.toLowerCase().includes(search));
      if (rooms.length === 0) return [];
      const [today, enrolled] = await Promise.all([
        api
          .all(PATHS.attendance, { [QUERY.date]: nurseryToday(clock) }, readAttendance, ATTENDANCE, ctx, {
            cache: "live",
          })
          .catch(tolerateMissingScope),
        directory.enrolled(ctx).catch(tolerateMissingScope),
      ]);
      // A visit names its room, or is in its child's room (the assumed visit record carries none).
      const childRoom = new Map((enrolled ?? []).map((s) => [s.id, s.roomId ?? undefined]));
      const todays = today?.filter((v) => v.date === nurseryToday(clock));
      return rooms.map((room) => {
        const visits = todays?.filter((v) => sameId(v.roomId ?? childRoom.get(v.studentId), room.id));
        const latest = new Map<string, UpAttendance>();
        for (const visit of visits ?? []) {
          const seen = latest.get(visit.studentId);
          if (!seen || (visit.checkInAt ?? "") >= (seen.checkInAt ?? "")) latest.set(visit.studentId, visit);
        }
        const inNow = [...latest.values()].filter((v) => v.checkInAt && !v.checkOutAt).length;
        const members = enrolled?.filter((s) => sameId(s.roomId, room.id)).length;
        return toGroup(id, room, {
          ...(visits ? { occupancy: inNow } : {}),
          ...(members === undefined ? {} : { members }),
        });
      });
    },

    getAttendance: (q, ctx) => attendance.get(q, ctx),
    recordAttendance: (input, ctx) => attendance.record(input, ctx),
    listMessages: (q, ctx) => messaging.list(q, ctx),
    sendMessage: (input, ctx) => messaging.send(input, ctx),
    resolveRecipients: (input, ctx) => messaging.resolve(input, ctx),

    /** The status filter is the portal's; the student filter a hint. Both are applied again. */
    async listInvoices(q, ctx) {
      if (q.status !== undefined && !(INVOICE_STATUSES as readonly string[]).includes(q.status)) {
        throw new UserInputError(
          `CentreCareOS invoice status must be one of ${INVOICE_STATUSES.join(", ")}.`,
          "status",
        );
      }
      const names = await directory.studentNames(ctx);
      const filtered = q.status !== undefined || q.studentId !== undefined;
      return pagedList(
        api,
        {
          path: PATHS.invoices,
          query: { [QUERY.status]: q.status, [QUERY.studentId]: q.studentId },
          read: UpInvoice,
          what: "invoice records",
          ...(filtered
            ? {
                keep: (i: UpInvoice) =>
                  (!q.status || invoiceStatus(i.status) === q.status) &&
                  (!q.studentId || sameId(i.studentId, q.studentId)),
              }
            : {}),
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
      if (!sameId(invoice.id, invoiceId)) {
        throw new InvalidResponseError(PROVIDER, `asked for invoice ${invoiceId}, it answered with another`);
      }
      const names = invoice.studentId ? await directory.studentNames(ctx) : new Map<string, string>();
      return toInvoice(id, invoice, invoice.studentId ? names.get(invoice.studentId) : undefined);
    },

    /** The invoice filter is a hint, applied again. */
    async listPayments(q, ctx) {
      return pagedList(
        api,
        {
          path: PATHS.payments,
          query: { [QUERY.invoiceId]: q.invoiceId },
          read: UpPayment,
          what: "payment records",
          ...(q.invoiceId ? { keep: (p: UpPayment) => sameId(p.invoiceId, q.invoiceId) } : {}),
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
