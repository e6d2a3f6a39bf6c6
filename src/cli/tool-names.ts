import { didYouMean } from "../config/suggest.js";
import { UserInputError } from "../errors.js";
import type { AnyTool } from "../server/define-tool.js";

export interface NamedLists {
  toolsets?: readonly string[] | undefined;
  tools?: readonly string[] | undefined;
  excludeTools?: readonly string[] | undefined;
}

/**
 * Refuses a toolset or tool name that does not exist: a typo in `--tools` would otherwise narrow the server
 * to the core tools, or an exclusion would quietly exclude nothing. `where` names the source of each list
 * (a flag, a variable or a config key) so the message points at the line to fix.
 */
export function checkToolNames(
  registry: readonly AnyTool[],
  lists: NamedLists,
  where: { toolsets: string; tools: string; excludeTools: string },
): void {
  const toolsets = [...new Set(registry.map((tool) => tool.toolset))];
  const tools = registry.map((tool) => tool.name);
  const problems = [
    ...unknownNames(lists.toolsets, toolsets, where.toolsets, "toolset"),
    ...unknownNames(lists.tools, tools, where.tools, "tool"),
    ...unknownNames(lists.excludeTools, tools, where.excludeTools, "tool"),
  ];
  if (problems.length > 0) throw new UserInputError(problems.join("\n"));
}

function unknownNames(
  given: readonly string[] | undefined,
  known: readonly string[],
  where: string,
  kind: string,
): string[] {
  const unknown = (given ?? []).filter((name) => !known.includes(name));
  return unknown.map(
    (name) =>
      `${where}: unknown ${kind} "${name}"${didYouMean(name, known)}. Known ${kind}s: ${known.join(", ")}`,
  );
}
