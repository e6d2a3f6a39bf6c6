/**
 * The records the simulated CentreCareOS serves, in the camelCase shapes its SDK shows. Fields the portal
 * does not name (roomId on attendance, assignedStaff on rooms, parents on students) are our assumptions,
 * listed in ../shared/api-docs/centrecareos-assumptions.md style: plausible, and mapped in one place by the
 * connector so a real tenant can correct them.
 */

export type EnrollmentStatus = "enrolled" | "waitlisted" | "pending" | "withdrawn";
export const ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = [
  "enrolled",
  "waitlisted",
  "pending",
  "withdrawn",
];

export type InvoiceStatus = "draft" | "pending" | "paid" | "overdue" | "partially_paid";
export const INVOICE_STATUSES: readonly InvoiceStatus[] = [
  "draft",
  "pending",
  "paid",
  "overdue",
  "partially_paid",
];

export interface StaffRef {
  id: string;
  firstName: string;
  lastName: string;
}

export interface Room {
  id: string;
  name: string;
  ageRange: { minMonths: number; maxMonths: number };
  capacity: number;
  ratio: string;
  assignedStaff: StaffRef[];
}

export interface Parent {
  id: string;
  firstName: string;
  lastName: string;
  relationship: string;
  email: string;
  phone: string;
  isPrimary: boolean;
}

export interface Student {
  id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  gender: string;
  roomId: string | null;
  enrollmentStatus: EnrollmentStatus;
  startDate: string;
  familyId: string;
  parents: Parent[];
  allergies: string[];
  medicalNotes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StaffMember {
  id: string;
  firstName: string;
  lastName: string;
  role: string;
  email: string;
  phone: string;
  status: "active" | "on_leave";
  roomIds: string[];
  schedule: { day: string; start: string; end: string }[];
  startDate: string;
}

export interface AttendanceRecord {
  id: string;
  studentId: string;
  roomId: string | null;
  date: string;
  checkInAt: string | null;
  checkOutAt: string | null;
  checkedInBy: string | null;
  checkedOutBy: string | null;
  note: string | null;
}

export interface LineItem {
  description: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

export interface Invoice {
  id: string;
  number: string;
  studentId: string;
  familyId: string;
  status: InvoiceStatus;
  issueDate: string;
  dueDate: string;
  currency: string;
  subtotal: number;
  total: number;
  amountPaid: number;
  balance: number;
  lineItems: LineItem[];
}

export interface Payment {
  id: string;
  invoiceId: string;
  studentId: string;
  amount: number;
  currency: string;
  method: string;
  status: "succeeded" | "pending" | "failed";
  paidAt: string;
  reference: string;
}

export interface Participant {
  id: string;
  type: "parent" | "staff";
  name: string;
}

export interface ThreadMessage {
  id: string;
  senderType: "parent" | "staff";
  senderId: string;
  senderName: string;
  content: string;
  sentAt: string;
}

export interface Thread {
  id: string;
  subject: string;
  participants: Participant[];
  lastMessageAt: string;
  messages: ThreadMessage[];
}

export interface Nursery {
  name: string;
  /** The nursery's London day the data was scheduled around (YYYY-MM-DD). */
  today: string;
  rooms: Room[];
  students: Student[];
  staff: StaffMember[];
  attendance: AttendanceRecord[];
  invoices: Invoice[];
  payments: Payment[];
  threads: Thread[];
}
