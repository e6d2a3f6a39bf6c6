import { type Prompt, ProtocolError, ProtocolErrorCode, type Server } from "@modelcontextprotocol/server";

interface RoutinePrompt {
  prompt: Prompt;
  text(args: Record<string, string>, today: string): string;
}

const connectionArgument = {
  name: "connection",
  description: "Connection id (see list_connections); leave out to ask every connection",
  required: false,
};

/** Routines staff repeat, written as the steps an assistant should take with the tools. */
const PROMPTS: readonly RoutinePrompt[] = [
  {
    prompt: {
      name: "morning_register_check",
      title: "Morning register check",
      description: "Which registers are not yet taken this morning, and who is absent without a reason.",
      arguments: [connectionArgument],
    },
    text: (a, today) =>
      `Check this morning's registers for ${today}${on(a)}. Call get_attendance for today, list the forms whose ` +
      "morning register is not yet taken, then the pupils absent without a recorded reason, grouped by form. " +
      "Say plainly if any connection could not answer or an answer was cut short.",
  },
  {
    prompt: {
      name: "wellbeing_review",
      title: "Wellbeing review for a year group",
      description: "Recent wellbeing events and behaviour for one year group, for a pastoral meeting.",
      arguments: [
        { name: "yearGroup", description: "The year group, e.g. 'Year 9'", required: true },
        connectionArgument,
      ],
    },
    text: (a, today) =>
      `Prepare a wellbeing review for ${a["yearGroup"] ?? "the year group"}${on(a)}, up to ${today}. Use ` +
      "list_wellbeing_events and list_behaviour for the last four weeks; summarise patterns by pupil without " +
      "repeating sensitive details the tools withheld.",
  },
  {
    prompt: {
      name: "parent_weekly_digest",
      title: "A parent's weekly digest",
      description: "One child's week: attendance, homework, behaviour and announcements.",
      arguments: [
        { name: "studentId", description: "The child's student id", required: true },
        connectionArgument,
      ],
    },
    text: (a, today) =>
      `Write a short weekly digest for the parent of student ${a["studentId"] ?? "(unknown)"}${on(a)}, for the ` +
      `week ending ${today}: attendance (get_attendance), homework due (list_homework), behaviour ` +
      "(list_behaviour) and school announcements (list_announcements). Keep it warm and factual.",
  },
  {
    prompt: {
      name: "nursery_end_of_day",
      title: "Nursery end-of-day",
      description: "For each room: who attended today and what to tell parents at pick-up.",
      arguments: [
        { name: "room", description: "A room name, e.g. 'Robins'", required: false },
        connectionArgument,
      ],
    },
    text: (a, today) =>
      `Summarise the end of the nursery day ${today}${a["room"] ? ` for the ${a["room"]} room` : ""}${on(a)}: ` +
      "who attended (get_attendance), any messages from parents today (list_messages), and a line per child " +
      "for pick-up.",
  },
];

function on(args: Record<string, string>): string {
  return args["connection"] ? ` on connection ${args["connection"]}` : "";
}

export const PROMPT_CACHE_HINTS = { "prompts/list": { ttlMs: 3_600_000, cacheScope: "public" } } as const;

export function registerPrompts(server: Server, today: () => string): void {
  server.setRequestHandler("prompts/list", async () => ({ prompts: PROMPTS.map((p) => p.prompt) }));
  server.setRequestHandler("prompts/get", async (request) => {
    const routine = PROMPTS.find((p) => p.prompt.name === request.params.name);
    if (!routine)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Unknown prompt: ${request.params.name}`);
    const args = request.params.arguments ?? {};
    for (const argument of routine.prompt.arguments ?? []) {
      if (argument.required && !args[argument.name]) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `Prompt ${routine.prompt.name} needs ${argument.name}`,
        );
      }
    }
    return {
      description: routine.prompt.description,
      messages: [{ role: "user", content: { type: "text", text: routine.text(args, today()) } }],
    };
  });
}
