/**
 * Absences first. HUBmis keeps registers per pupil, so a group's register costs one request a pupil and a
 * budget-bound answer may hold only some of them. The pupils a register this connection has read showed
 * absent are asked for first, so a partial answer about today holds the likeliest absences rather than
 * whoever has the lowest id. Only the order changes: every pupil is still read, each once.
 */
import { attendanceTotals } from "../../domain/attendance.js";
import type { AttendanceRecord } from "../../domain/index.js";

/** Pupils remembered at most; the oldest sightings go first. */
const MAX_REMEMBERED = 5_000;

export class Absentees {
  /** Pupil id → the latest day a register read showed them absent. */
  private readonly lastAbsent = new Map<string, string>();

  /** Remembers who the records show absent (and forgets nobody the records do not mention). */
  note(records: readonly AttendanceRecord[]): void {
    const byPupil = new Map<string, AttendanceRecord[]>();
    for (const r of records) byPupil.set(r.studentId, [...(byPupil.get(r.studentId) ?? []), r]);
    for (const [id, own] of byPupil) {
      const absentDays = own.filter((r) => attendanceTotals([r]).absent > 0).map((r) => r.date);
      if (absentDays.length === 0) continue;
      const latest = absentDays.sort().at(-1) as string;
      const known = this.lastAbsent.get(id);
      this.lastAbsent.delete(id);
      this.lastAbsent.set(id, known && known > latest ? known : latest);
    }
    while (this.lastAbsent.size > MAX_REMEMBERED) {
      const oldest = this.lastAbsent.keys().next().value;
      if (oldest === undefined) break;
      this.lastAbsent.delete(oldest);
    }
  }

  /**
   * The order to fetch `ids` in: pupils seen absent first (most recent absence first), then the rest in the
   * order given. Returns positions into `ids`.
   */
  order(ids: readonly string[]): number[] {
    const positions = ids.map((_, i) => i);
    const seen = (i: number) => this.lastAbsent.get(ids[i] as string);
    return positions.sort((a, b) => {
      const sa = seen(a);
      const sb = seen(b);
      if (sa && sb) return sa === sb ? a - b : sa > sb ? -1 : 1;
      if (sa) return -1;
      if (sb) return 1;
      return a - b;
    });
  }
}
