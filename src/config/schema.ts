import { z } from "zod";

/** The provider-independent part of every connection. */
const connectionBase = {
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

const CCAPI_KEY = /^ccapi_[A-Za-z0-9]{32}$/;

export const CentreCareOsConnection = z.strictObject({
  provider: z.literal("centrecareos"),
  apiKey: z
    .string({ error: "required" })
    .regex(CCAPI_KEY, "must be 'ccapi_' followed by 32 letters or digits")
    .describe("CentreCareOS API key (ccapi_ + 32 alphanumerics)"),
  ...connectionBase,
});

export const HubmisConnection = z.strictObject({
  provider: z.literal("hubmis"),
  clientId: z.string({ error: "required" }).min(1, "must not be empty"),
  clientSecret: z.string({ error: "required" }).min(1, "must not be empty"),
  realm: z
    .string({ error: "required" })
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be the school's realm id, e.g. S999")
    .describe("HUBmis Realm id of the school, e.g. S999"),
  academicYearId: z
    .string()
    .optional()
    .describe("Overrides the active academic year (academic-year-id header)"),
  ...connectionBase,
});

export const ClassChartsParentConnection = z.strictObject({
  provider: z.literal("classcharts"),
  role: z.literal("parent"),
  email: z.string({ error: "required" }).min(3, "must be the parent's email address"),
  password: z.string({ error: "required" }).min(1, "must not be empty"),
  ...connectionBase,
});

export const ClassChartsStudentConnection = z.strictObject({
  provider: z.literal("classcharts"),
  role: z.literal("student"),
  code: z.string({ error: "required" }).regex(/^[A-Za-z0-9]{4,20}$/, "must be the pupil's ClassCharts code"),
  dateOfBirth: z
    .string({ error: "required" })
    .regex(/^(\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4})$/, "must be YYYY-MM-DD or DD/MM/YYYY"),
  ...connectionBase,
});

export const ConnectionConfig = z.union([
  CentreCareOsConnection,
  HubmisConnection,
  ClassChartsParentConnection,
  ClassChartsStudentConnection,
]);
export type ConnectionConfig = z.infer<typeof ConnectionConfig>;
export type CentreCareOsConnection = z.infer<typeof CentreCareOsConnection>;
export type HubmisConnection = z.infer<typeof HubmisConnection>;
export type ClassChartsConnection =
  | z.infer<typeof ClassChartsParentConnection>
  | z.infer<typeof ClassChartsStudentConnection>;

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

export const Config = z.strictObject({
  $schema: z.string().optional(),
  connections: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "connection ids are lower-case letters, digits and -"),
      ConnectionConfig,
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
      cacheSensitive: z.boolean().default(false).describe("Cache sensitive categories too (off by default)"),
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
    .describe("Who saw or changed which child's record: ids only, a Redis stream when cache.store is Redis"),
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
export type Config = z.infer<typeof Config>;
export type ConfigInput = z.input<typeof Config>;
