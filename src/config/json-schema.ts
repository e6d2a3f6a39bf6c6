import { z } from "zod";
import { Config } from "./schema.js";

/** The config's JSON Schema, committed as config.schema.json so editors complete mcp.config.json. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(Config, { io: "input", unrepresentable: "any" }) as Record<string, unknown>),
    title: "school-mcp configuration (mcp.config.json)",
  };
}
