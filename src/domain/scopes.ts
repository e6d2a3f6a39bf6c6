/** Our scope vocabulary (follows CentreCareOS's). A call needs the tool's scope from the connection AND the caller. */
export const SCOPES = [
  "students:read",
  "students:write",
  "attendance:read",
  "attendance:write",
  "timetable:read",
  "wellbeing:read",
  "behaviour:read",
  "homework:read",
  "billing:read",
  "staff:read",
  "rooms:read",
  "messages:read",
  "messages:write",
  "sensitive:read",
] as const;

export type Scope = (typeof SCOPES)[number];

export const READ_SCOPES: readonly Scope[] = SCOPES.filter(
  (s) => s.endsWith(":read") && s !== "sensitive:read",
);

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
