import {
  ProtocolError,
  ProtocolErrorCode,
  type ReadResourceResult,
  ResourceNotFoundError,
  type ResourceTemplateType,
  type Server,
} from "@modelcontextprotocol/server";
import type { Caller } from "./caller.js";
import type { AnyTool } from "./define-tool.js";
import { exposedTools } from "./exposure.js";
import type { Runtime } from "./runtime.js";
import { callTool } from "./wrapper.js";

/** The tool the calendar resource reads through; one name, so it can follow the tool if it is renamed. */
export const CALENDAR_TOOL = "get_school_calendar";

/** How long a client may reuse a resources/templates list (it changes only with the caller's scopes). */
const LIST_TTL_MS = 300_000;

interface Template {
  descriptor: ResourceTemplateType;
  tool: string;
  pattern: RegExp;
  args(match: RegExpExecArray): Record<string, unknown>;
}

const TEMPLATES: readonly Template[] = [
  {
    descriptor: {
      uriTemplate: "school://{connection}/students/{studentId}",
      name: "student-profile",
      title: "A pupil's profile",
      description: "One pupil's profile, read through get_student (sensitive parts need sensitive:read).",
      mimeType: "application/json",
    },
    tool: "get_student",
    pattern: /^school:\/\/([a-z0-9][a-z0-9-]{0,62})\/students\/([^/?#]+)$/,
    args: (m) => ({ connection: m[1], studentId: decodeURIComponent(m[2] ?? "") }),
  },
  {
    descriptor: {
      uriTemplate: "school://{connection}/groups/{groupId}/roster",
      name: "group-roster",
      title: "A group's roster",
      description: "The pupils of one form, class or room, read through list_students.",
      mimeType: "application/json",
    },
    tool: "list_students",
    pattern: /^school:\/\/([a-z0-9][a-z0-9-]{0,62})\/groups\/([^/?#]+)\/roster$/,
    args: (m) => ({ connection: m[1], groupId: decodeURIComponent(m[2] ?? "") }),
  },
  {
    descriptor: {
      uriTemplate: "school://{connection}/calendar",
      name: "school-calendar",
      title: "The school calendar",
      description: `Terms and holidays, read through ${CALENDAR_TOOL}.`,
      mimeType: "application/json",
    },
    tool: CALENDAR_TOOL,
    pattern: /^school:\/\/([a-z0-9][a-z0-9-]{0,62})\/calendar$/,
    args: (m) => ({ connection: m[1] }),
  },
];

/**
 * Resource templates over existing tools: a read runs the tool through the same wrapper (scopes, connection
 * limits, sensitive parts withheld, audit), so a resource never shows more than the tool would. A template
 * is listed only when the caller can use its tool.
 */
export function registerResources(server: Server, runtime: Runtime, caller: Caller): void {
  const usable = (): Map<string, AnyTool> =>
    new Map(exposedTools(runtime, caller, runtime.tools).map((tool) => [tool.name, tool]));
  server.setRequestHandler("resources/list", async () => ({ resources: [] }));
  server.setRequestHandler("resources/templates/list", async () => {
    const tools = usable();
    return { resourceTemplates: TEMPLATES.filter((t) => tools.has(t.tool)).map((t) => t.descriptor) };
  });
  server.setRequestHandler("resources/read", async (request, ctx): Promise<ReadResourceResult> => {
    const uri = request.params.uri;
    const tools = usable();
    for (const template of TEMPLATES) {
      const match = template.pattern.exec(uri);
      const tool = tools.get(template.tool);
      if (!match || !tool) continue;
      const result = await callTool(runtime, caller, tool, template.args(match), {
        signal: ctx.mcpReq.signal,
      });
      if (result.isError) {
        const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join(" ");
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Could not read ${uri}: ${text}`, { uri });
      }
      return {
        contents: [
          { uri, mimeType: "application/json", text: JSON.stringify(result.structuredContent ?? {}) },
        ],
      };
    }
    throw new ResourceNotFoundError(uri);
  });
}

export const RESOURCE_CACHE_HINTS = {
  "resources/list": { ttlMs: LIST_TTL_MS, cacheScope: "private" },
  "resources/templates/list": { ttlMs: LIST_TTL_MS, cacheScope: "private" },
} as const;
