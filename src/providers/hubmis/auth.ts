/**
 * HUBmis OAuth: client_credentials tokens from POST /token, sent as a bearer token beside the Realm header on
 * every call. Tokens are renewed shortly before they expire and once after a 401 (the upstream layer replays
 * the call); concurrent callers share one token request. A rejected secret is remembered for a while so a
 * burst of calls cannot turn into a burst of sign-ins.
 */

import { InvalidResponseError, UnauthorizedError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { Authenticator, UpstreamClient } from "../../upstream/index.js";
import { createSingleFlight } from "../../upstream/index.js";
import type { HubmisConnection } from "./config.js";
import { HEADERS, PATHS, PROVIDER } from "./endpoints.js";

export const REJECTED_CREDENTIALS =
  "HUBmis rejected the client credentials. Check the connection's clientId and clientSecret.";

/** How long a rejected secret is trusted to stay rejected before we ask again (provider time). */
const REJECTION_MEMORY_MS = 60_000;
/** Renew this long before expiry (provider time), at most a tenth of the token's life. */
const RENEW_MARGIN_MS = 60_000;

interface Token {
  value: string;
  /** Real epoch ms after which we renew before using it. */
  renewAt: number;
}

export class HubmisAuth implements Authenticator {
  private token: Token | undefined;
  private readonly flight = createSingleFlight<Token>();
  private rejectedUntil = 0;
  /** Token requests made so far (tests and diagnostics read it). */
  tokenRequests = 0;

  constructor(
    private readonly config: HubmisConnection,
    private readonly client: () => UpstreamClient,
    private readonly logger: Logger,
    private readonly timeScale = 1,
  ) {}

  async authorize(headers: Record<string, string>, signal?: AbortSignal): Promise<void> {
    const token = await this.current(signal);
    headers["authorization"] = `Bearer ${token.value}`;
    headers[HEADERS.realm] = this.config.realm;
    if (this.config.academicYearId) headers[HEADERS.academicYear] = this.config.academicYearId;
  }

  async refresh(signal?: AbortSignal): Promise<void> {
    this.token = undefined;
    await this.flight.run("token", () => this.signIn(signal));
  }

  private current(signal?: AbortSignal): Promise<Token> {
    const token = this.token;
    if (token && Date.now() < token.renewAt) return Promise.resolve(token);
    return this.flight.run("token", () => this.signIn(signal));
  }

  private async signIn(signal?: AbortSignal): Promise<Token> {
    if (Date.now() < this.rejectedUntil) throw new UnauthorizedError(REJECTED_CREDENTIALS);
    this.tokenRequests++;
    let data: unknown;
    try {
      const response = await this.client().request(
        {
          method: "POST",
          path: PATHS.token,
          form: {
            grant_type: "client_credentials",
            client_id: this.config.clientId,
            client_secret: this.config.clientSecret,
          },
          anonymous: true,
          ...(signal ? { signal } : {}),
        },
        { scopeKey: "" },
      );
      data = response.data;
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        this.rejectedUntil = Date.now() + REJECTION_MEMORY_MS / this.timeScale;
        this.logger.warn("HUBmis refused the client credentials");
      }
      throw error;
    }
    const body = data && typeof data === "object" ? (data as Record<string, unknown>) : {};
    const value = body["access_token"];
    const expiresIn = Number(body["expires_in"]);
    if (typeof value !== "string" || value.length === 0 || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new InvalidResponseError(PROVIDER, "the token answer had no access_token or expires_in");
    }
    const lifeMs = (expiresIn * 1000) / this.timeScale;
    const margin = Math.min(RENEW_MARGIN_MS / this.timeScale, lifeMs / 10);
    const token = { value, renewAt: Date.now() + lifeMs - margin };
    this.token = token;
    this.logger.info("HUBmis token obtained", { expiresInSeconds: expiresIn });
    return token;
  }
}
