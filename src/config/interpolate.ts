import { ConfigurationError } from "../errors.js";

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Claude Desktop passes a bundle field the user left empty as its literal placeholder, `${user_config.x}`:
 * such a value means "not set", never a value to use.
 */
export function isUnfilledPlaceholder(value: string): boolean {
  return /^\$\{user_config\.[^}]+\}$/.test(value);
}

/** Replaces ${VAR} in every string of a parsed JSON value; a missing variable is a configuration error naming the path. */
export function interpolateEnv(value: unknown, env: NodeJS.ProcessEnv, path: string[] = []): unknown {
  if (typeof value === "string") {
    return value.replace(VAR, (_match, name: string) => {
      const found = env[name];
      if (found === undefined || found === "" || isUnfilledPlaceholder(found)) {
        throw new ConfigurationError(
          `${path.join(".") || "(root)"}: environment variable ${name} is not set`,
          path.join("."),
        );
      }
      return found;
    });
  }
  if (Array.isArray(value))
    return value.map((item, index) => interpolateEnv(item, env, [...path, String(index)]));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, interpolateEnv(inner, env, [...path, key])]),
    );
  }
  return value;
}
