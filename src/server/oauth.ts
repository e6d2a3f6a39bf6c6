/**
 * OAuth 2.1 resource-server mode (MCP authorization): access tokens issued by the school's identity
 * provider are verified against the issuer's published keys, with the issuer, expiry and audience (this
 * server's resource URL, RFC 8707) checked; the config maps claims (groups, roles, scopes) to our scopes
 * and connections. jose does the cryptography: a hand-written verifier is where `alg: none` slips through.
 */
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import type { OAuthSettings } from "../config/schema.js";
import { SCOPES, type Scope } from "../domain/scopes.js";
import type { Caller } from "./caller.js";

export type OAuthOutcome =
  | { ok: true; caller: Caller }
  | { ok: false; status: 401 | 403; error: "invalid_token" | "insufficient_scope"; description: string };

export interface OAuthVerifier {
  verify(token: string): Promise<OAuthOutcome>;
  /** RFC 9728 protected resource metadata. */
  metadata(): Record<string, unknown>;
  /** Where the metadata is served, for WWW-Authenticate's resource_metadata. */
  metadataUrl: string;
}

export const METADATA_PATH = "/.well-known/oauth-protected-resource";

export function createOAuthVerifier(settings: OAuthSettings, fetchJson = defaultFetchJson): OAuthVerifier {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    if (!keys) {
      const uri = settings.jwksUri ?? (await discoverJwks(settings.issuer, fetchJson));
      keys = createRemoteJWKSet(new URL(uri), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
    }
    return keys;
  };
  const resource = new URL(settings.resource);
  return {
    metadataUrl: `${resource.origin}${METADATA_PATH}${resource.pathname === "/" ? "" : resource.pathname}`,
    metadata: () => ({
      resource: settings.resource,
      authorization_servers: [settings.issuer],
      bearer_methods_supported: ["header"],
      scopes_supported: [...SCOPES],
      resource_name: "school-mcp",
    }),
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await keySet(), {
          issuer: settings.issuer,
          audience: [settings.resource, ...settings.audiences],
          algorithms: settings.algorithms,
          clockTolerance: 30,
        }));
      } catch (error) {
        return { ok: false, status: 401, error: "invalid_token", description: describe(error) };
      }
      const caller = callerFromClaims(payload, settings);
      if (caller.scopes.size === 0) {
        return {
          ok: false,
          status: 403,
          error: "insufficient_scope",
          description: "the token is valid but grants none of this server's scopes",
        };
      }
      return { ok: true, caller };
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return "the token has expired";
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return "the token is signed with a key the issuer does not publish";
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "the token's signing algorithm is not accepted";
  if (error instanceof joseErrors.JWSSignatureVerificationFailed)
    return "the token's signature does not verify";
  return "the token could not be verified";
}

/** Scopes and connections from the claims: every matching rule adds its grants. */
export function callerFromClaims(payload: JWTPayload, settings: OAuthSettings): Caller {
  const scopes = new Set<Scope>();
  let connections: Set<string> | undefined = new Set<string>();
  let unrestricted = false;
  for (const rule of settings.rules) {
    if (!claimHolds(claimAt(payload, rule.claim), rule.value)) continue;
    for (const scope of rule.scopes) if (isScope(scope)) scopes.add(scope);
    if (rule.connections) for (const id of rule.connections) connections.add(id);
    else unrestricted = true;
  }
  if (settings.tokenScopes) {
    const raw = payload["scope"] ?? payload["scp"];
    const listed = typeof raw === "string" ? raw.split(/\s+/) : Array.isArray(raw) ? raw : [];
    for (const scope of listed) {
      if (typeof scope === "string" && isScope(scope)) {
        scopes.add(scope);
        unrestricted = true;
      }
    }
  }
  if (unrestricted) connections = undefined;
  const name = claimAt(payload, settings.callerClaim);
  return {
    name: typeof name === "string" && name ? `oauth:${name.slice(0, 64)}` : "oauth:unknown",
    scopes,
    ...(connections ? { connections } : {}),
  };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split(".")) {
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

function claimHolds(value: unknown, expected: string): boolean {
  if (Array.isArray(value)) return value.some((item) => item === expected);
  if (typeof value === "string") return value === expected || value.split(/\s+/).includes(expected);
  return false;
}

function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

async function discoverJwks(issuer: string, fetchJson: typeof defaultFetchJson): Promise<string> {
  const base = issuer.endsWith("/") ? issuer.slice(0, -1) : issuer;
  const document = await fetchJson(`${base}/.well-known/openid-configuration`);
  const uri = document?.["jwks_uri"];
  if (typeof uri !== "string") throw new Error("the issuer's discovery document names no jwks_uri");
  return uri;
}

async function defaultFetchJson(url: string): Promise<Record<string, unknown> | undefined> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) return undefined;
  return (await response.json()) as Record<string, unknown>;
}
