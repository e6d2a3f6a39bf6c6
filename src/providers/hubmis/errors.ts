import { ConfigurationError, UnauthorizedError, UserInputError } from "../../errors.js";
import { REJECTED_CREDENTIALS } from "./auth.js";

/** Turns HUBmis's own error bodies into errors a person can act on; never echoes the body. */
export function mapError(realm: string) {
  return (status: number, body: unknown): Error | undefined => {
    const code = body && typeof body === "object" ? (body as { error?: unknown }).error : undefined;
    if (status === 401 && code === "invalid_client") return new UnauthorizedError(REJECTED_CREDENTIALS);
    if (status === 403 && code === "invalid_realm") {
      return new ConfigurationError(
        `HUBmis does not recognise realm "${realm}" for these client credentials. Check the connection's realm (the school's realm id, e.g. S999).`,
        "realm",
      );
    }
    if (status === 400 && code === "invalid_academic_year") {
      return new ConfigurationError(
        "HUBmis does not know the connection's academicYearId.",
        "academicYearId",
      );
    }
    if (status === 400)
      return new UserInputError("HUBmis rejected the query (HTTP 400). Check dates and filters.");
    return undefined;
  };
}
