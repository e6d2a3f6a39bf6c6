/**
 * England's national attendance register codes: what each says about a session, and what it means in words.
 * A provider whose marks carry a code but no status of their own reads them through these tables.
 */
import type { AttendanceStatus } from "./attendance.js";

/** What a register code says when the mark carries no status we know (national codes, England). */
export const NATIONAL_CODE_STATUS: Record<string, AttendanceStatus> = {
  "/": "present",
  "\\": "present",
  L: "late",
  U: "late",
  B: "present",
  D: "present",
  P: "present",
  V: "present",
  W: "present",
  C: "absent_authorised",
  E: "absent_authorised",
  H: "absent_authorised",
  I: "absent_authorised",
  M: "absent_authorised",
  R: "absent_authorised",
  S: "absent_authorised",
  G: "absent_unauthorised",
  N: "absent_unauthorised",
  O: "absent_unauthorised",
  X: "not_required",
  "#": "not_required",
};

/** The national register codes (England), to say what a mark means. */
export const NATIONAL_CODE_MEANING: Record<string, string> = {
  "/": "Present (morning)",
  "\\": "Present (afternoon)",
  L: "Late, before the register closed",
  U: "Late, after the register closed",
  B: "Off-site educational activity",
  C: "Authorised absence (other)",
  D: "Dual registered",
  E: "Excluded",
  H: "Authorised holiday",
  I: "Illness",
  M: "Medical or dental appointment",
  N: "Absent, no reason yet",
  O: "Unauthorised absence",
  P: "Approved sporting activity",
  R: "Religious observance",
  S: "Study leave",
  V: "Educational visit or trip",
  W: "Work experience",
  X: "Not required to attend",
  G: "Unauthorised holiday",
  "#": "School closed",
};
