import { z } from "zod";
import type { ConnectionConfig } from "../providers/common/config.js";
import { PROVIDERS } from "../providers/index.js";
import type { AnyProvider } from "../providers/types.js";

export type { ConnectionConfig };

/**
 * A connection's settings: one of the forms the providers in the list declare (each names its `provider`).
 * Built from the list, so a new provider's settings validate without touching this file.
 */
export function connectionSchema(providers: readonly AnyProvider[] = PROVIDERS): z.ZodType<ConnectionConfig> {
  const forms = providers.flatMap((provider) => [...provider.connectionSchemas]);
  return z.union(forms as [z.ZodType, z.ZodType, ...z.ZodType[]]) as unknown as z.ZodType<ConnectionConfig>;
}

export const HttpToken = z.strictObject({
  name: z.string().min(1).max(64).describe("Who holds this token; appears in the audit log"),
  token: z.string({ error: "required" }).min(16, "must be at least 16 characters"),
  scopes: z.array(z.string()).optional().describe("Scopes this caller may use; omitted: read scopes only"),
  connections: z.array(z.string()).optional().describe("Connections this caller may use; omitted: all"),
});

/** Grants for callers whose access token carries a claim value (a group, a role). */
export const OAuthRule = z.strictObject({
  claim: z
    .string()
    .min(1)
    .describe("Claim name, e.g. groups, roles, or a dotted path such as realm_access.roles"),
  value: z
    .string()
    .min(1)
    .describe("The value the claim must hold (equal, or contained when the claim is a list)"),
  scopes: z.array(z.string()).min(1).describe("Scopes a matching caller gets"),
  connections: z.array(z.string()).optional().describe("Connections a matching caller may use; omitted: all"),
});

/** OAuth 2.1 resource-server mode: access tokens from the school's identity provider (any OIDC issuer). */
export const OAuthSettings = z.strictObject({
  issuer: z
    .url()
    .describe("The issuer (iss) tokens must name, e.g. https://login.microsoftonline.com/<tenant>/v2.0"),
  jwksUri: z
    .url()
    .optional()
    .describe("Where the issuer's signing keys are; default: from its OIDC discovery"),
  resource: z.url().describe("This server's resource URL (RFC 8707); tokens must carry it as audience"),
  audiences: z.array(z.string()).default([]).describe("Other audiences to accept, e.g. api://<client-id>"),
  algorithms: z.array(z.string()).default(["RS256", "PS256", "ES256", "EdDSA"]),
  callerClaim: z.string().default("sub").describe("The claim that names the caller in the audit log"),
  rules: z.array(OAuthRule).default([]),
  /** Scopes named in the token's own scope/scp claim count too when they are ours. */
  tokenScopes: z.boolean().default(true),
});
export type OAuthSettings = z.infer<typeof OAuthSettings>;

/** The whole configuration, for the providers in the list (the server's own list by default). */
export function configSchema(providers: readonly AnyProvider[] = PROVIDERS) {
  return z.strictObject({
    $schema: z.string().optional(),
    connections: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "connection ids are lower-case letters, digits and -"),
        connectionSchema(providers),
      )
      .describe("Connection id to provider settings"),
    readOnly: z
      .boolean()
      .default(false)
      .describe("Hide and refuse every write tool; wins over any other setting"),
    toolsets: z.array(z.string()).optional().describe("Only expose tools of these toolsets"),
    tools: z.array(z.string()).optional().describe("Only expose these tools"),
    excludeTools: z.array(z.string()).optional().describe("Never expose these tools"),
    upstreamMaxPauseSeconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .default(900)
      .describe("The longest a provider's Retry-After may hold a connection for every caller"),
    toolDeadlineSeconds: z
      .number()
      .int()
      .min(1)
      .max(300)
      .default(20)
      .describe("How long a tool call may work before it answers with what it has and a cursor to continue"),
    cache: z
      .strictObject({
        store: z
          .string()
          .regex(/^(memory|rediss?:\/\/.+)$/, "must be 'memory' or a redis:// URL")
          .default("memory"),
        cacheSensitive: z
          .boolean()
          .default(false)
          .describe("Cache sensitive categories too (off by default)"),
      })
      .default({ store: "memory", cacheSensitive: false }),
    disclosureLog: z
      .strictObject({
        enabled: z.boolean().default(true),
        path: z
          .string()
          .optional()
          .describe(
            "JSON-lines file; default $SCHOOL_MCP_STATE_DIR or ~/.local/state/school-mcp/disclosures.jsonl",
          ),
        maxBytes: z
          .number()
          .int()
          .positive()
          .default(10 * 1024 * 1024)
          .describe("Rotate past this size"),
        keep: z
          .number()
          .int()
          .min(1)
          .max(1000)
          .default(10)
          .describe("Rotated files kept; older ones are deleted"),
      })
      .default({ enabled: true, maxBytes: 10 * 1024 * 1024, keep: 10 })
      .describe(
        "Who saw or changed which child's record: ids only, a Redis stream when cache.store is Redis",
      ),
    http: z
      .strictObject({
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(3000),
        tokens: z.array(HttpToken).default([]),
        allowedOrigins: z.array(z.string()).default([]).describe("Browser origins allowed to call /mcp"),
        allowedHosts: z
          .array(z.string())
          .optional()
          .describe("Host header values accepted; default: the bind host"),
        maxBodyBytes: z.number().int().positive().default(1_000_000),
        confirmationSecret: z
          .string()
          .min(32)
          .optional()
          .describe("Key that signs send confirmations; set the same value on every replica"),
        oauth: OAuthSettings.optional().describe("Verify access tokens from the school's identity provider"),
      })
      .default({ host: "127.0.0.1", port: 3000, tokens: [], allowedOrigins: [], maxBodyBytes: 1_000_000 }),
  });
}

export const Config = configSchema();
export type Config = z.infer<typeof Config>;
