import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The dependency arrows, checked on the sources: src/ never reaches up to the tool catalogue, a provider
 * never reaches into another provider or past the upstream layer's front door, and the domain depends on
 * nothing but itself. Only bin/ joins the engine and the catalogue.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Every module a file imports (static, dynamic, re-exports), as a path from the root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map(
    (m) => m[1] ?? "",
  );
  return specifiers.map((specifier) =>
    relative(ROOT, resolve(ROOT, dirname(file), specifier)).replace(/\.js$/, ".ts"),
  );
}

const ALL = [...sources("src"), ...sources("tools")];

function violations(rule: (file: string, target: string) => boolean): string[] {
  return ALL.flatMap((file) =>
    importsOf(file)
      .filter((target) => rule(file, target))
      .map((t) => `${file} -> ${t}`),
  );
}

const providerOf = (path: string) => /^src\/providers\/([^/]+)\//.exec(path)?.[1];

describe("layering", () => {
  it("finds the imports it checks", () => {
    expect(ALL.length).toBeGreaterThan(100);
    expect(importsOf("src/server/runtime.ts")).toContain("src/providers/index.ts");
  });

  it("no module under src/ imports from tools/", () => {
    expect(violations((file, target) => file.startsWith("src/") && target.startsWith("tools/"))).toEqual([]);
  });

  it("a provider imports no other provider and not the provider list", () => {
    expect(
      violations((file, target) => {
        const own = providerOf(file);
        if (own === undefined || own === "common") return false;
        const other = providerOf(target);
        return (
          target === "src/providers/index.ts" || (other !== undefined && other !== own && other !== "common")
        );
      }),
    ).toEqual([]);
  });

  it("providers reach the upstream layer only through its front door", () => {
    expect(
      violations(
        (file, target) =>
          file.startsWith("src/providers/") &&
          target.startsWith("src/upstream/") &&
          target !== "src/upstream/index.ts",
      ),
    ).toEqual([]);
  });

  it("the domain depends on nothing outside itself but the error types", () => {
    expect(
      violations(
        (file, target) =>
          file.startsWith("src/domain/") &&
          !target.startsWith("src/domain/") &&
          target !== "src/errors.ts" &&
          target !== "src/log.ts",
      ),
    ).toEqual([]);
  });

  it("tools reach providers, upstream and the sandbox only through the connector contract", () => {
    expect(
      violations(
        (file, target) => file.startsWith("tools/") && /^src\/(providers|upstream|sandbox)\//.test(target),
      ),
    ).toEqual([]);
  });
});
