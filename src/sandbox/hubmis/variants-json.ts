/** The JSON helpers and the record step type the HUBmis variant form files (variants-*.ts) share. */
export type Json = Record<string, unknown>;

/** Where a record sits: its place in the answer (forms rotate by it) and the route's path ids. */
export interface Place {
  index: number;
  params: Record<string, string>;
}

/** One record's variant form. */
export type Step = (record: Json, place: Place) => Json;
export const same: Step = (record) => record;

export function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function nameOf(ref: unknown): unknown {
  return isJson(ref) ? (ref["name"] ?? ref["code"]) : ref;
}
