import type { AnyTool } from "../src/server/define-tool.js";
import { dailySummary } from "./daily_summary.js";
import { diagnoseConnection } from "./diagnose_connection.js";
import { getAttendance } from "./get_attendance.js";
import { getInvoice } from "./get_invoice.js";
import { getProgressReports } from "./get_progress_reports.js";
import { getSchoolCalendar } from "./get_school_calendar.js";
import { getStudent } from "./get_student.js";
import { getTimetable } from "./get_timetable.js";
import { listAnnouncements } from "./list_announcements.js";
import { listBehaviour } from "./list_behaviour.js";
import { listConnections } from "./list_connections.js";
import { listGroups } from "./list_groups.js";
import { listHomework } from "./list_homework.js";
import { listInvoices } from "./list_invoices.js";
import { listLearningSupport } from "./list_learning_support.js";
import { listMessages } from "./list_messages.js";
import { listPayments } from "./list_payments.js";
import { listStaff } from "./list_staff.js";
import { listStudents } from "./list_students.js";
import { listWellbeingEvents } from "./list_wellbeing_events.js";
import { recordAttendance } from "./record_attendance.js";
import { saveStudent } from "./save_student.js";
import { sendMessage } from "./send_message.js";

/** Every tool, in the fixed order tools/list shows them: orientation first, then by task. */
export const TOOLS: readonly AnyTool[] = [
  listConnections,
  dailySummary,
  listStudents,
  getStudent,
  getProgressReports,
  listLearningSupport,
  saveStudent,
  listGroups,
  listStaff,
  getAttendance,
  recordAttendance,
  getTimetable,
  getSchoolCalendar,
  listWellbeingEvents,
  listBehaviour,
  listHomework,
  listAnnouncements,
  listMessages,
  sendMessage,
  listInvoices,
  getInvoice,
  listPayments,
  diagnoseConnection,
];
