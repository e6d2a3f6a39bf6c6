import {
  CLIENT_CAPABILITIES_META_KEY,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type ServerContext,
} from "@modelcontextprotocol/server";
import { UserInputError } from "../errors.js";
import type { Caller } from "./caller.js";
import type { ConfirmationBinding, Confirmations } from "./confirmation.js";
import type { ToolContext } from "./define-tool.js";

/**
 * Confirmation through multi-round-trip requests (protocol revision 2026-07-28): a tool that asks the user
 * (`context.elicit`) answers its first call with an `input_required` result carrying the question; the
 * client asks the user and retries the same call with the answer and the `requestState` we gave it.
 *
 * The state is a signed confirmation token bound to the caller, the tool, the call's arguments and the exact
 * question shown, so a retry with other arguments, or whose preview changed meanwhile (a room's parents), is
 * asked again instead of acting on an answer to something else. The token is single-use through the shared
 * cache: a replayed retry is refused, so an approved write happens once on any replica.
 */

/** Thrown by the round-trip `elicit` on a call that must first ask the user; never reaches the client. */
export class InputRequiredSignal extends Error {
  constructor(
    readonly question: string,
    readonly requestState: string,
  ) {
    super("input required");
    this.name = "InputRequiredSignal";
  }
}

/** The key of our one embedded request in `inputRequests` / `inputResponses`. */
const CONFIRM = "confirm";
const CONFIRM_SCHEMA = {
  type: "object" as const,
  properties: { confirm: { type: "boolean" as const, title: "Confirm?" } },
  required: ["confirm"],
};

/** Whether this request is of the 2026-07-28 era from a client that declared elicitation on it. */
export function canRoundTrip(ctx: ServerContext): boolean {
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  if (envelope === undefined) return false;
  const capabilities = envelope[CLIENT_CAPABILITIES_META_KEY] as { elicitation?: unknown } | undefined;
  return capabilities?.elicitation !== undefined && capabilities.elicitation !== null;
}

/**
 * The `elicit` a tool gets on a round-trip request. On the first round it throws InputRequiredSignal (the
 * server answers `input_required`); on the retry it returns the user's answer once the state checks out.
 */
export function roundTripElicit(
  ctx: ServerContext,
  confirmations: Confirmations,
  caller: Caller,
  tool: string,
  args: unknown,
): NonNullable<ToolContext["elicit"]> {
  const binding = (question: string): ConfirmationBinding => ({
    tool,
    connection: "round-trip",
    caller: caller.name,
    content: { args: args ?? {}, question },
  });
  const ask = (question: string): never => {
    throw new InputRequiredSignal(question, confirmations.issue(binding(question)));
  };
  return async (question) => {
    const state = ctx.mcpReq.requestState<unknown>();
    const answer = inputResponse(ctx.mcpReq.inputResponses, CONFIRM);
    if (typeof state !== "string" || answer.kind !== "elicit") return ask(question);
    let nonce: string;
    try {
      ({ nonce } = confirmations.verify(state, binding(question)));
    } catch (error) {
      // Another caller's state is refused outright; anything else (expired, other content) is asked again.
      if (error instanceof UserInputError) return ask(question);
      throw error;
    }
    const { repeated } = await confirmations.once(`round-trip:${nonce}`, async () => true);
    if (repeated) {
      throw new UserInputError(
        "this answer was already used for an earlier call, so nothing more was done. Call again without inputResponses to be asked afresh.",
        "inputResponses",
      );
    }
    if (answer.action === "accept" && answer.content?.[CONFIRM] !== true) return "decline";
    return answer.action;
  };
}

/** The `input_required` result for a signal: one form-mode elicitation and the state to echo back. */
export function inputRequiredResult(signal: InputRequiredSignal): InputRequiredResult {
  return inputRequired({
    inputRequests: {
      [CONFIRM]: inputRequired.elicit({
        mode: "form",
        message: signal.question,
        requestedSchema: CONFIRM_SCHEMA,
      }),
    },
    requestState: signal.requestState,
  });
}
