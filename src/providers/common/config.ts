import { z } from "zod";

/** The provider-independent part of every connection's settings. */
export const connectionBase = {
  label: z.string().max(200).optional().describe("Human name shown in answers, e.g. 'Oakfield School'"),
  baseUrl: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .optional()
    .describe("Provider API base URL; defaults to the provider's production host"),
  scopes: z
    .array(z.string())
    .optional()
    .describe("Scopes this connection grants. Omitted: read scopes only (writes are opted into)."),
};

/** What every connection's settings have, whatever its provider. */
export interface ConnectionConfig {
  provider: string;
  label?: string | undefined;
  baseUrl?: string | undefined;
  scopes?: string[] | undefined;
}
