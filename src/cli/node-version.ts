/**
 * The oldest Node.js that runs school-mcp: undici, the HTTP client, needs 22.19 and fails on anything older
 * deep inside its own code. Kept equal to package.json's engines (a test checks it). This module imports
 * nothing, so the check can run before anything that would crash.
 */
export const REQUIRED_NODE = "22.19.0";

/** The message for a Node.js older than required, or undefined when this one will do. */
export function nodeVersionProblem(current: string, required: string = REQUIRED_NODE): string | undefined {
  if (compareVersions(current, required) >= 0) return undefined;
  const major = required.split(".")[0];
  return [
    `school-mcp needs Node.js ${required} or newer; this is Node.js ${current} (${process.execPath}).`,
    "To get a newer one:",
    "  - install the current LTS from https://nodejs.org, or with a version manager: nvm install --lts (or fnm, volta)",
    `  - or run it through a newer Node without installing one: npx -y -p node@${major} -p school-mcp school-mcp ...`,
    "Claude Desktop: set the command to the full path of the newer node (e.g. the output of `which node`).",
  ].join("\n");
}

/** Numeric comparison of dotted versions; a leading "v" and any pre-release tag are ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) =>
    version
      .replace(/^v/, "")
      .replace(/-.*$/, "")
      .split(".")
      .map((part) => Number.parseInt(part, 10) || 0);
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
