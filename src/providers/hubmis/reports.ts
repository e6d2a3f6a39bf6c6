/**
 * Progress reports by student. The reference names the call ("Get List of Progress Reports by student Id")
 * and shows an empty sample, so every field is read tolerantly: the title as title, name or description;
 * the day as report_date, date, published_date or created_at; per-subject entries under entries, subjects
 * or grades, each naming its subject as an object or a word. A report with no readable title or day is
 * unreadable (counted), never dated by guess.
 */
import type { CallContext, ProgressReport } from "../../domain/index.js";
import { readEach } from "../common/trust.js";
import { PATHS, PROVIDER } from "./endpoints.js";
import { localDay } from "./map.js";
import type { StudentDeps } from "./students.js";
import { studentIdOf } from "./students.js";
import { listItems } from "./wire.js";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function word(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (isObject(v)) return word(v["name"]) ?? word(v["title"]) ?? word(v["code"]);
  return undefined;
}

const first = (raw: Record<string, unknown>, keys: string[]) =>
  keys.map((k) => word(raw[k])).find((v) => v !== undefined);

function readReport(raw: unknown, studentId: string, connection: string): ProgressReport | undefined {
  if (!isObject(raw)) return undefined;
  const title = first(raw, ["title", "name", "description", "report_name"]);
  const dated = ["report_date", "date", "published_date", "published_at", "created_at", "date_time"]
    .map((k) => (typeof raw[k] === "string" ? localDay(raw[k] as string) : undefined))
    .find((d) => d !== undefined);
  const id = word(raw["id"]);
  if (!title || !dated || !id) return undefined;
  const list = [raw["entries"], raw["subjects"], raw["grades"]].find(Array.isArray) as unknown[] | undefined;
  const subjects = (list ?? []).filter(isObject).flatMap((e) => {
    const subject = first(e, ["subject", "subject_name", "name"]);
    if (!subject) return [];
    const attainment = first(e, ["attainment", "grade", "attainment_grade"]);
    const effort = first(e, ["effort", "effort_grade"]);
    const comment = first(e, ["comment", "comments", "teacher_comment"]);
    return [
      {
        subject,
        ...(attainment ? { attainment } : {}),
        ...(effort ? { effort } : {}),
        ...(comment ? { comment } : {}),
      },
    ];
  });
  return { connection, id, studentId, title, date: dated, subjects };
}

export async function listProgressReports(
  deps: StudentDeps,
  q: { studentId: string },
  ctx: CallContext,
): Promise<ProgressReport[]> {
  const id = studentIdOf(q.studentId);
  const data = await deps.api.getOr404(
    PATHS.studentProgressReports(id),
    {},
    { kind: "history" },
    ctx,
    `student with id ${id}`,
  );
  return readEach(
    listItems(data, "progress reports"),
    (raw) => readReport(raw, id, deps.connection),
    "progress reports",
    ctx,
    PROVIDER,
  ).sort((a, b) => b.date.localeCompare(a.date));
}
