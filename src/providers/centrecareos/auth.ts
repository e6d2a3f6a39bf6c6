import { ConfigurationError, UnauthorizedError } from "../../errors.js";
import type { Authenticator } from "../../upstream/index.js";
import { PROVIDER } from "./endpoints.js";

const KEY_FORMAT = /^ccapi_[A-Za-z0-9]{32}$/;

export function rejectedKeyError(): UnauthorizedError {
  return new UnauthorizedError(
    `${PROVIDER} rejected the API key (wrong, revoked or expired). Create a key under API Settings in CentreCareOS and put it in the connection's apiKey.`,
  );
}

/**
 * API keys are static: there is nothing to sign in to or refresh. A 401 therefore means the key itself is
 * refused, and refreshing fails at once instead of replaying a request that cannot succeed.
 */
export function apiKeyAuthenticator(apiKey: string): Authenticator {
  if (!KEY_FORMAT.test(apiKey)) {
    throw new ConfigurationError("apiKey must be 'ccapi_' followed by 32 letters or digits", "apiKey");
  }
  const header = `Bearer ${apiKey}`;
  return {
    async authorize(headers) {
      headers["authorization"] = header;
    },
    async refresh() {
      throw rejectedKeyError();
    },
  };
}
