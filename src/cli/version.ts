import { readFileSync } from "node:fs";

/**
 * The installed package's version, from the nearest package.json above this module that is ours: three
 * levels up in a build or an install, and wherever a bundler put this code.
 */
export function packageVersion(): string {
  for (let levels = 0; levels <= 5; levels++) {
    const url = new URL(`${"../".repeat(levels) || "./"}package.json`, import.meta.url);
    try {
      const found = JSON.parse(readFileSync(url, "utf8")) as { name?: string; version?: string };
      if (found.name === "school-mcp" && found.version) return found.version;
    } catch {}
  }
  return "unknown";
}
