import { validation } from "./reply.js";

/** Request-body and query checks that answer 400 VALIDATION_ERROR with a message naming the field. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

export function dateParam(value: string | null, name: string): string | undefined {
  if (value === null || value === "") return undefined;
  if (!isValidDate(value)) throw validation(`${name} must be a date as YYYY-MM-DD`);
  return value;
}

export function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw validation("Request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

export function onlyFields(body: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key)) throw validation(`Unknown field: ${key.slice(0, 40)}`);
  }
}

export function text(
  body: Record<string, unknown>,
  name: string,
  options: { required?: boolean; max: number },
): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) {
    if (options.required) throw validation(`${name} is required`);
    return undefined;
  }
  if (typeof value !== "string") throw validation(`${name} must be a string`);
  const trimmed = value.trim();
  if (options.required && trimmed === "") throw validation(`${name} must not be empty`);
  if (trimmed.length > options.max) throw validation(`${name} must be at most ${options.max} characters`);
  return trimmed;
}

export function idField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== "string" || value.trim() === "") throw validation(`${name} is required`);
  return value.trim();
}
