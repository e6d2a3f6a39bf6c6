import { createHash } from "node:crypto";

/**
 * A short, stable fingerprint of a credential (or any secret parts): sha256 over the parts, joined with a
 * separator that cannot occur by accident, as 24 hex characters. Used in cache, single-flight and rate-limit
 * keys so no key ever carries the secret itself.
 */
export function hashCredential(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    hash.update(String(part.length));
    hash.update("\u0000");
    hash.update(part);
  }
  return hash.digest("hex").slice(0, 24);
}
