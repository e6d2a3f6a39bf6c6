import { z } from "zod";
import type { AnyProvider } from "../providers/types.js";
import { configSchema } from "./schema.js";

/** The config's JSON Schema, committed as config.schema.json so editors complete mcp.config.json. */
export function configJsonSchema(providers?: readonly AnyProvider[]): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(configSchema(providers), { io: "input", unrepresentable: "any" }) as Record<
      string,
      unknown
    >),
    title: "school-mcp configuration (mcp.config.json)",
  };
}
