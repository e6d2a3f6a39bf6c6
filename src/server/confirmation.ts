import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { ForbiddenError, UserInputError } from "../errors.js";
import type { SharedCache } from "../upstream/types.js";

/**
 * Confirmation tokens for writes that must not happen on the first call. A token is signed, bound to the
 * exact content it previews, expires, and is single-use: its use is recorded in the shared cache, so any
 * replica can verify it and a repeated confirmed call returns the first result instead of acting twice.
 */
export interface Confirmations {
  issue(binding: ConfirmationBinding): string;
  /** Verifies the token against the call's content; throws UserInputError when it does not match. */
  verify(token: string, binding: ConfirmationBinding): { nonce: string };
  /**
   * Runs `act` once per token. A second call with the same token gets the stored result and `repeated: true`.
   */
  once<T>(nonce: string, act: () => Promise<T>): Promise<{ result: T; repeated: boolean }>;
  readonly ttlMs: number;
}

export interface ConfirmationBinding {
  tool: string;
  connection: string;
  /** Who previewed it: only the same caller may confirm (one caller's preview is not another's consent). */
  caller: string;
  /** Everything the write would do, canonicalised by the caller (recipients, thread, content). */
  content: unknown;
}

interface Payload {
  t: string;
  c: string;
  w: string;
  i: string;
  h: string;
  e: number;
  n: string;
}

export function createConfirmations(options: {
  secret: string | Buffer;
  cache: SharedCache;
  /**
   * Whether the cache outlives this process (Redis). When it does not, a token is also bound to this
   * process: the record of its use dies with the process, so a token from before a restart is refused
   * rather than honoured a second time.
   */
  durable?: boolean;
  ttlMs?: number;
  now?: () => number;
}): Confirmations {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const instance = options.durable ? "shared" : randomBytes(9).toString("base64url");
  const now = options.now ?? Date.now;
  const sign = (body: string) => createHmac("sha256", options.secret).update(body).digest("base64url");
  const digest = (binding: ConfirmationBinding) =>
    createHash("sha256")
      .update(JSON.stringify([binding.tool, binding.connection, binding.content]))
      .digest("base64url");

  return {
    ttlMs,
    issue(binding) {
      const payload: Payload = {
        t: binding.tool,
        c: binding.connection,
        w: binding.caller,
        i: instance,
        h: digest(binding),
        e: now() + ttlMs,
        n: randomBytes(12).toString("base64url"),
      };
      const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
      return `${body}.${sign(body)}`;
    },
    verify(token, binding) {
      const [body, signature] = token.split(".");
      if (!body || !signature || !safeEqual(signature, sign(body))) {
        throw new UserInputError(
          "confirmationToken is not valid. Call again without it to get a fresh preview.",
          "confirmationToken",
        );
      }
      const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
      if (payload.e < now()) {
        throw new UserInputError(
          "confirmationToken has expired. Call again without it to get a fresh preview.",
          "confirmationToken",
        );
      }
      if (payload.i !== instance) {
        throw new UserInputError(
          "this confirmationToken was issued before the server restarted, so its single use cannot be checked. Nothing was sent; call again without it to get a fresh preview.",
          "confirmationToken",
        );
      }
      if (payload.w !== binding.caller) {
        throw new ForbiddenError(
          "this confirmationToken was issued to another caller, so it cannot confirm your send. Nothing was sent; call again without it to preview the message yourself.",
        );
      }
      if (payload.t !== binding.tool || payload.c !== binding.connection || payload.h !== digest(binding)) {
        throw new UserInputError(
          "confirmationToken was issued for different content or recipients. Nothing was sent; call again without it to preview this exact message.",
          "confirmationToken",
        );
      }
      return { nonce: payload.n };
    },
    async once(nonce, act) {
      const key = `confirmation:${nonce}`;
      const claimed = await options.cache.setIfAbsent(key, { state: "pending" }, ttlMs * 2);
      if (!claimed) {
        const stored = await options.cache.get<{ state: string; result?: unknown }>(key);
        if (stored?.value.state === "done") return { result: stored.value.result as never, repeated: true };
        throw new UserInputError(
          "This confirmation is already being used by another call; nothing more was sent.",
          "confirmationToken",
        );
      }
      try {
        const result = await act();
        await options.cache.set(key, { state: "done", result }, ttlMs * 2);
        return { result, repeated: false };
      } catch (error) {
        // The write did not happen (or we cannot know it did): keep the token spent so a retry cannot double-send.
        await options.cache.set(key, { state: "failed" }, ttlMs * 2);
        throw error;
      }
    },
  };
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
