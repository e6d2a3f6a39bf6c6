import { randomBytes } from "node:crypto";
import type { SandboxClock } from "../common/clock.js";
import { ApiError } from "./query.js";

/**
 * OAuth client_credentials as HUBmis runs it: POST /api/v1/token answers {token_type, expires_in,
 * access_token}; a token stops working after its lifetime on the sandbox clock, and the API then answers 401.
 */

export interface SandboxClient {
  clientId: string;
  clientSecret: string;
  /** Realms (schools) this client may act for. */
  realms: readonly string[];
}

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

export const DEFAULT_TOKEN_TTL_SECONDS = 900;

export class TokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Tokens issued so far, for tests that count sign-ins. */
  issued = 0;

  constructor(
    private readonly clock: SandboxClock,
    private readonly clients: readonly SandboxClient[],
    private readonly ttlSeconds: number = DEFAULT_TOKEN_TTL_SECONDS,
  ) {}

  /** Handles the token request body (form or JSON, already parsed). */
  issue(body: unknown): { token_type: "Bearer"; expires_in: number; access_token: string } {
    const fields =
      body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const grant = fields["grant_type"];
    if (grant !== "client_credentials") {
      throw new ApiError(
        400,
        "unsupported_grant_type",
        "The authorization grant type is not supported by the authorization server.",
      );
    }
    const clientId = typeof fields["client_id"] === "string" ? fields["client_id"] : "";
    const secret = typeof fields["client_secret"] === "string" ? fields["client_secret"] : "";
    const client = this.clients.find((c) => c.clientId === clientId);
    if (!client || client.clientSecret !== secret) {
      throw new ApiError(401, "invalid_client", "Client authentication failed");
    }
    this.sweep();
    const token = `${randomBytes(6).toString("hex")}.${randomBytes(18).toString("base64url")}`;
    this.tokens.set(token, { clientId, expiresAt: this.clock.now() + this.ttlSeconds * 1000 });
    this.issued++;
    return { token_type: "Bearer", expires_in: this.ttlSeconds, access_token: token };
  }

  /** The client behind a valid bearer token; 401 when missing, unknown or expired. */
  authenticate(authorization: string | undefined): SandboxClient {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    const issued = match ? this.tokens.get(match[1] as string) : undefined;
    if (!issued || issued.expiresAt <= this.clock.now()) {
      throw new ApiError(401, "unauthenticated", "Unauthenticated.");
    }
    const client = this.clients.find((c) => c.clientId === issued.clientId);
    if (!client) throw new ApiError(401, "unauthenticated", "Unauthenticated.");
    return client;
  }

  /** Invalidates every token at once, as a key rotation or restart upstream would (tests use it). */
  revokeAll(): void {
    this.tokens.clear();
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [token, issued] of this.tokens) if (issued.expiresAt <= now) this.tokens.delete(token);
  }
}
