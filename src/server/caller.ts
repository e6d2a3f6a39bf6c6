import type { Config } from "../config/schema.js";
import { isScope, READ_SCOPES, SCOPES, type Scope } from "../domain/scopes.js";

/** Who is calling: the stdio user (trusted locally; connection scopes still apply) or an HTTP token holder. */
export interface Caller {
  name: string;
  scopes: ReadonlySet<Scope>;
  /** Connections this caller may use; undefined: all. */
  connections?: ReadonlySet<string>;
}

export const LOCAL_CALLER: Caller = { name: "local", scopes: new Set(SCOPES) };

/** Known scopes from a config list; unknown names (newer provider vocabularies) are ignored, not fatal. */
export function scopeSet(
  list: readonly string[] | undefined,
  fallback: readonly Scope[] = READ_SCOPES,
): Set<Scope> {
  if (list === undefined) return new Set(fallback);
  return new Set(list.filter(isScope));
}

export function callerFromToken(token: Config["http"]["tokens"][number]): Caller {
  return {
    name: token.name,
    scopes: scopeSet(token.scopes),
    ...(token.connections ? { connections: new Set(token.connections) } : {}),
  };
}
