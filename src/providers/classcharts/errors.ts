import { NotFoundError, UserInputError } from "../../errors.js";
import { PROVIDER, providerReason } from "./api.js";

/** Error statuses in ClassCharts' envelope: keep its short reason, never the body. */
export function mapError(status: number, body: unknown): Error | undefined {
  const reason = providerReason(body);
  const suffix = reason ? `: "${reason}"` : "";
  if (status === 400) return new UserInputError(`${PROVIDER} rejected the request${suffix}.`);
  if (status === 404) return new NotFoundError(`${PROVIDER} has no such record or endpoint${suffix}.`);
  return undefined;
}
