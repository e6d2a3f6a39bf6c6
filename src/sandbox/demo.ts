import type { ConnectionConfig } from "../config/schema.js";
import { type Config, Config as ConfigSchema } from "../config/schema.js";
import { SCOPES } from "../domain/scopes.js";

/** The demo grants every scope but sensitive:read: medical and safeguarding detail stays opt-in even here. */
export const DEMO_SCOPES = SCOPES.filter((scope) => scope !== "sensitive:read");

/** A full config over the sandbox's connections, as `school-mcp demo` serves it. */
export function demoConfig(
  connections: Record<string, ConnectionConfig>,
  options: { token: string; host?: string; port?: number; readOnly?: boolean },
): Config {
  const granted = Object.fromEntries(
    Object.entries(connections).map(([id, connection]) => [id, { ...connection, scopes: [...DEMO_SCOPES] }]),
  );
  return ConfigSchema.parse({
    connections: granted,
    readOnly: options.readOnly ?? false,
    http: {
      host: options.host ?? "127.0.0.1",
      port: options.port ?? 3000,
      tokens: [{ name: "demo", token: options.token, scopes: [...DEMO_SCOPES] }],
    },
  });
}
