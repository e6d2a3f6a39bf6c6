/**
 * CentreCareOS under each sandbox variant (src/sandbox/common/variants.ts): the readings its portal and our
 * assumptions file leave open, laid over the default answers so the default (the demo's picture) stays
 * exactly as it is. The portal documents endpoints, scopes and three query parameters through its SDK
 * examples (attendance `date`, invoice `status`, messages `threadId`); everything else is assumed.
 *
 * - Filters (ignoreUndocumentedFilters): only those three are applied. `studentId`, `roomId`, `from`/`to`
 *   on attendance, every student filter, `studentId` on invoices, every payment filter and `roomId` on staff
 *   are ignored, and attendance without a `date` answers every visit there is (the literal reading of
 *   "optional date filtering"), so a range sent as from/to comes back with other days and other children.
 * - Pages (pageCap): the server's page is at most pageCap whatever `perPage` asks, and it gives nothing away:
 *   the pagination carries only `page` and `total` (the meta is assumed, so it need not say more), and a
 *   bare list carries no X-Total-Count.
 * - Field names and forms (altFields): bare arrays and objects, numbers as strings (the envelope and
 *   numbersAsStrings switches folded in), snake_case names throughout, the query names the Python SDK would
 *   send (`per_page`, `thread_id`), nested references (`room: {id, name}` on a child, staff and rooms as
 *   `{id, name}`), a child's parents as `guardians` and medical detail nested (`medical.allergies` as
 *   `{name}` objects), attendance without `date`'s name or a room (`attendance_date`, wall-clock
 *   `check_in_time` / `check_out_time` in London, `notes`), invoice statuses as display names ("Partially
 *   paid"), `total_amount` / `balance_due` / `line_items[].total`, threads with `title`, participants with
 *   `role` / `full_name`, messages with `body`, `created_at` and a nested `sender`.
 * - Unknown fields on every record and list envelope (extraFields).
 * - Nulls where a field is optional (nulls): a preferred name never given, a visit's room, a room's ratio,
 *   a staff phone, an invoice's balance (derivable), a payment reference, a thread's last-message time
 *   (derivable), an empty allergy list (null: not stated, which is not "none"), and `pagination: null`
 *   when one page holds the whole list.
 * - Offsets (offsets): date-times carry London's offset (+01:00 in summer, +00:00 in winter) instead of Z.
 */
import { localIso, localParts } from "../../time/local.js";
import type { VariantFlags } from "../common/variants.js";
import { TIME_ZONE } from "./time.js";

type Json = Record<string, unknown>;

/** What a record in an answer is, so each variant knows how to reshape it. */
export type RecordKind =
  | "student"
  | "attendance"
  | "room"
  | "staff"
  | "invoice"
  | "payment"
  | "thread"
  | "message"
  | "other";

/** Names the reshaped records need from the nursery (a child's room, a staff member's rooms). */
export interface Lookup {
  roomName(id: string): string | undefined;
}

// ---- filters ------------------------------------------------------------------------------------------

/** The query parameters the portal names, per list path (its SDK examples), beside paging. */
const DOCUMENTED: Record<string, readonly string[]> = {
  attendance: ["date"],
  invoices: ["status"],
  messages: ["threadId"],
};
const PAGING = ["page", "perPage"];

/**
 * The query a route reads under the variant: documented filters only when undocumented ones are ignored,
 * and under altFields the snake_case names the Python SDK would send (`per_page`, `thread_id`,
 * `student_id`): a camelCase name is not one the server knows, so it is ignored as a real server would.
 */
export function routeQuery(path: string, query: URLSearchParams, flags: VariantFlags): URLSearchParams {
  if (!flags.ignoreUndocumentedFilters && !flags.altFields) return query;
  const read = new URLSearchParams();
  for (const [name, value] of query) {
    if (!flags.altFields) read.append(name, value);
    else if (!/[A-Z]/.test(name))
      read.append(
        name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
        value,
      );
  }
  if (!flags.ignoreUndocumentedFilters) return read;
  const allowed = new Set([...PAGING, ...(DOCUMENTED[path] ?? [])]);
  const kept = new URLSearchParams();
  for (const [name, value] of read) if (allowed.has(name)) kept.append(name, value);
  return kept;
}

// ---- records ------------------------------------------------------------------------------------------

/** Reshapes one record as the variant serves it; the default answer is returned untouched. */
export function reshapeRecord(
  kind: RecordKind,
  record: unknown,
  flags: VariantFlags,
  lookup: Lookup,
): unknown {
  if (!isJson(record)) return record;
  let out: Json = record;
  if (flags.nulls) out = NULLS[kind](out);
  if (flags.offsets) out = withOffsets(out);
  if (flags.altFields) out = ALT[kind](out, lookup);
  if (flags.extraFields) out = withExtras(kind, out);
  return out;
}

export function varies(flags: VariantFlags): boolean {
  return flags.altFields || flags.extraFields || flags.nulls || flags.offsets;
}

const same = (record: Json) => record;

const NULLS: Record<RecordKind, (record: Json) => Json> = {
  student: (s) => ({
    ...s,
    preferredName: s["preferredName"] ?? null,
    allergies: Array.isArray(s["allergies"]) && s["allergies"].length === 0 ? null : s["allergies"],
  }),
  attendance: (a) => ({ ...a, roomId: null }),
  room: (r) => ({ ...r, ratio: null }),
  staff: (s) => ({ ...s, phone: null }),
  invoice: (i) => ({ ...i, balance: null }),
  payment: (p) => ({ ...p, reference: null }),
  thread: (t) => ({ ...t, lastMessageAt: null }),
  message: same,
  other: same,
};

const INSTANT_FIELDS = new Set(["createdAt", "updatedAt", "checkInAt", "checkOutAt", "paidAt", "sentAt"]);

/** Every UTC date-time, nested ones too, rewritten with London's offset at that instant. */
function withOffsets(record: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(record)) {
    if ((INSTANT_FIELDS.has(key) || key === "lastMessageAt") && typeof value === "string" && value) {
      const epoch = Date.parse(value);
      out[key] = Number.isNaN(epoch) ? value : localIso(epoch, TIME_ZONE);
    } else if (Array.isArray(value)) out[key] = value.map((v) => (isJson(v) ? withOffsets(v) : v));
    else out[key] = value;
  }
  return out;
}

/** London wall-clock time (HH:MM:SS) of an instant, or null. */
function wallClock(value: unknown): string | null {
  if (typeof value !== "string" || value === "") return null;
  const epoch = Date.parse(value);
  return Number.isNaN(epoch) ? null : localParts(epoch, TIME_ZONE).time;
}

const DISPLAY_STATUS: Record<string, string> = {
  draft: "Draft",
  pending: "Pending",
  paid: "Paid",
  overdue: "Overdue",
  partially_paid: "Partially paid",
};

const capitalised = (value: unknown) =>
  typeof value === "string" && value ? `${value[0]?.toUpperCase()}${value.slice(1)}` : value;

const altParent = (p: unknown): unknown =>
  isJson(p)
    ? {
        id: p["id"],
        first_name: p["firstName"],
        last_name: p["lastName"],
        relationship: p["relationship"],
        email: p["email"],
        phone_number: p["phone"],
        is_primary: p["isPrimary"],
      }
    : p;

const altStaffRef = (s: unknown): unknown =>
  isJson(s)
    ? { id: s["id"], name: `${String(s["firstName"] ?? "")} ${String(s["lastName"] ?? "")}`.trim() }
    : s;

const altMessage = (m: Json): Json => ({
  id: m["id"],
  ...(m["threadId"] === undefined ? {} : { thread_id: m["threadId"] }),
  sender: { id: m["senderId"], type: m["senderType"], name: m["senderName"] },
  body: m["content"],
  created_at: m["sentAt"],
});

const ALT: Record<RecordKind, (record: Json, lookup: Lookup) => Json> = {
  student: (s, lookup) => {
    const roomId = s["roomId"];
    const allergies = s["allergies"];
    return {
      id: s["id"],
      first_name: s["firstName"],
      last_name: s["lastName"],
      ...(s["preferredName"] === undefined ? {} : { preferred_name: s["preferredName"] }),
      date_of_birth: s["dateOfBirth"],
      gender: s["gender"],
      room: typeof roomId === "string" ? { id: roomId, name: lookup.roomName(roomId) ?? null } : null,
      enrollment_status: capitalised(s["enrollmentStatus"]),
      start_date: s["startDate"],
      family_id: s["familyId"],
      guardians: Array.isArray(s["parents"]) ? s["parents"].map(altParent) : s["parents"],
      medical: {
        allergies: Array.isArray(allergies) ? allergies.map((name) => ({ name })) : allergies,
        notes: s["medicalNotes"],
      },
      created_at: s["createdAt"],
      updated_at: s["updatedAt"],
    };
  },
  // No room (the assumptions file's visit has none) and times as the register's wall clock.
  attendance: (a) => ({
    id: a["id"],
    student_id: a["studentId"],
    attendance_date: a["date"],
    check_in_time: wallClock(a["checkInAt"]),
    check_out_time: wallClock(a["checkOutAt"]),
    checked_in_by: a["checkedInBy"],
    checked_out_by: a["checkedOutBy"],
    notes: a["note"],
  }),
  room: (r) => {
    const range = r["ageRange"];
    return {
      id: r["id"],
      name: r["name"],
      age_range: isJson(range) ? { min_months: range["minMonths"], max_months: range["maxMonths"] } : range,
      capacity: r["capacity"],
      ratio: r["ratio"],
      staff: Array.isArray(r["assignedStaff"]) ? r["assignedStaff"].map(altStaffRef) : r["assignedStaff"],
    };
  },
  staff: (s, lookup) => ({
    id: s["id"],
    first_name: s["firstName"],
    last_name: s["lastName"],
    job_title: s["role"],
    email: s["email"],
    phone: s["phone"],
    status: s["status"],
    rooms: Array.isArray(s["roomIds"])
      ? s["roomIds"].map((id) => ({ id, name: typeof id === "string" ? lookup.roomName(id) : undefined }))
      : s["roomIds"],
    schedule: s["schedule"],
    start_date: s["startDate"],
  }),
  invoice: (i) => ({
    id: i["id"],
    invoice_number: i["number"],
    student_id: i["studentId"],
    family_id: i["familyId"],
    status: DISPLAY_STATUS[String(i["status"])] ?? i["status"],
    issue_date: i["issueDate"],
    due_date: i["dueDate"],
    currency: i["currency"],
    subtotal: i["subtotal"],
    total_amount: i["total"],
    amount_paid: i["amountPaid"],
    balance_due: i["balance"],
    ...(Array.isArray(i["lineItems"])
      ? {
          line_items: i["lineItems"].map((l) =>
            isJson(l)
              ? {
                  description: l["description"],
                  quantity: l["quantity"],
                  unit_price: l["unitPrice"],
                  total: l["amount"],
                }
              : l,
          ),
        }
      : {}),
  }),
  payment: (p) => ({
    id: p["id"],
    invoice_id: p["invoiceId"],
    student_id: p["studentId"],
    amount: p["amount"],
    currency: p["currency"],
    payment_method: p["method"],
    status: p["status"],
    paid_at: p["paidAt"],
    reference: p["reference"],
  }),
  thread: (t) => ({
    id: t["id"],
    title: t["subject"],
    participants: Array.isArray(t["participants"])
      ? t["participants"].map((p) => (isJson(p) ? { id: p["id"], role: p["type"], full_name: p["name"] } : p))
      : t["participants"],
    last_message_at: t["lastMessageAt"],
    messages: Array.isArray(t["messages"])
      ? t["messages"].map((m) => (isJson(m) ? altMessage(m) : m))
      : t["messages"],
  }),
  message: altMessage,
  other: same,
};

const COLLECTION: Record<RecordKind, string> = {
  student: "students",
  attendance: "attendance",
  room: "rooms",
  staff: "staff",
  invoice: "invoices",
  payment: "payments",
  thread: "messages",
  message: "messages",
  other: "",
};

/** Fields a real tenant's records carry that no document names. */
function withExtras(kind: RecordKind, record: Json): Json {
  const id = typeof record["id"] === "string" ? record["id"] : "";
  return {
    object: kind,
    ...record,
    tenant_id: "tnt_4471",
    custom_fields: { legacy_ref: `LA-${id.replace(/\D/g, "")}` },
    _links: { self: `/api/v1/${COLLECTION[kind]}/${id}` },
  };
}

// ---- envelopes ----------------------------------------------------------------------------------------

/** What a list envelope carries beside `data`, under the variant (see listReply in ./reply.ts). */
export function listExtras(flags: VariantFlags): Json {
  return flags.extraFields ? { meta: { request_id: "req_5c1e9a", api_version: "2024-11-01" } } : {};
}

export function singleExtras(flags: VariantFlags): Json {
  return flags.extraFields ? { meta: { request_id: "req_5c1e9b" } } : {};
}

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
