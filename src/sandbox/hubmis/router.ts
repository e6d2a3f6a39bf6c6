import type { SandboxClock } from "../common/clock.js";
import { ApiError } from "./query.js";
import type { HubmisStore } from "./store.js";

/** A tiny path router for the GET routes under /api/v1. */

export interface RouteContext {
  store: HubmisStore;
  clock: SandboxClock;
  params: Record<string, string>;
  query: URLSearchParams;
  /** From the academic-year-id header, else the current year. */
  academicYearId: number;
}

export type RouteHandler = (ctx: RouteContext) => unknown;

export interface Route {
  pattern: string[];
  handler: RouteHandler;
}

export function route(path: string, handler: RouteHandler): Route {
  return { pattern: path.split("/").filter(Boolean), handler };
}

export function match(
  routes: readonly Route[],
  segments: readonly string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const candidate of routes) {
    if (candidate.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const part = candidate.pattern[i] as string;
      const value = segments[i] as string;
      if (part.startsWith(":")) params[part.slice(1)] = value;
      else ok = part === value;
    }
    if (ok) return { route: candidate, params };
  }
  return undefined;
}

/** The record behind a path id, or the API's 404. */
export function found<T>(map: Map<number, T>, raw: string | undefined, what: string): T {
  const id = /^\d{1,9}$/.test(raw ?? "") ? Number(raw) : Number.NaN;
  const item = Number.isNaN(id) ? undefined : map.get(id);
  if (item === undefined)
    throw new ApiError(404, "not_found", `${what} ${String(raw).slice(0, 40)} not found`);
  return item;
}
