#!/usr/bin/env node
/**
 * `npm run bundle`: builds school-mcp.mcpb, the Claude Desktop bundle.
 *
 *   node scripts/bundle.mjs [--out FILE.mcpb] [--dir DIR]
 *   node scripts/bundle.mjs --npm     (prepack: the same bundled entry for the npm package)
 *
 * The server and its dependencies are bundled by esbuild into a few files under dist/bin/ (the same
 * entry paths as a build), split at the dynamic imports so each command still loads only what it needs.
 * A bundle starts faster than the unbundled tree (Claude Desktop starts it on every launch) and carries no
 * node_modules. The licences of everything bundled go into THIRD_PARTY_NOTICES.md. `--dir` keeps the
 * staged directory (and skips packing) for tests and benchmarks.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { out: { type: "string" }, dir: { type: "string" }, npm: { type: "boolean" } },
});
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
if (manifest.version !== pkg.version) {
  fail(`manifest.json version ${manifest.version} differs from package.json ${pkg.version}`);
}

// The npm package gets the bundled entry in place of the compiled one (same path, so `bin` stays), and
// starts as fast as the Claude Desktop bundle. Run by prepack on the copy being packed.
const stage = values.npm
  ? root
  : values.dir
    ? resolve(values.dir)
    : mkdtempSync(join(tmpdir(), "school-mcp-bundle-"));
if (!values.npm) {
  // The stage is emptied first: refuse to empty a directory that is not an earlier stage.
  if (existsSync(stage) && readdirSync(stage).length > 0 && !existsSync(join(stage, "manifest.json"))) {
    fail(`${stage} is not empty and holds no earlier bundle; choose another --dir`);
  }
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
}

const result = await build({
  absWorkingDir: root,
  entryPoints: { "school-mcp": "bin/school-mcp.ts", bundle: "bin/bundle.ts" },
  outdir: join(stage, "dist/bin"),
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node22",
  // Bundled CommonJS (undici, ajv) calls require for Node's built-ins.
  banner: { js: 'import { createRequire as __schoolMcpRequire } from "node:module"; const require = __schoolMcpRequire(import.meta.url);' },
  chunkNames: "[name]-[hash]",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
}).catch(() => fail("esbuild could not bundle the sources (its errors are above)"));

if (values.npm) {
  writeFileSync(join(root, "dist/THIRD_PARTY_NOTICES.md"), notices(result.metafile));
  console.log("bundle: the npm package's entry is bundled in dist/bin");
  process.exit(0);
}
writeFileSync(join(stage, "THIRD_PARTY_NOTICES.md"), notices(result.metafile));
writeFileSync(
  join(stage, "package.json"),
  `${JSON.stringify(
    {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      type: "module",
      license: pkg.license,
      engines: pkg.engines,
    },
    null,
    2,
  )}\n`,
);
for (const file of ["manifest.json", "LICENSE", "README.md", "config.schema.json", "mcp.config.example.json"]) {
  copyFileSync(join(root, file), join(stage, file));
}

const mcpb = join(root, "node_modules/@anthropic-ai/mcpb/dist/cli/cli.js");
if (!existsSync(mcpb)) fail("@anthropic-ai/mcpb is not installed: run npm install");
run(process.execPath, [mcpb, "validate", join(stage, "manifest.json")]);
if (!values.dir) {
  const out = resolve(values.out ?? join(root, "school-mcp.mcpb"));
  run(process.execPath, [mcpb, "pack", stage, out]);
  rmSync(stage, { recursive: true, force: true });
  console.log(`bundle: ${out}`);
} else {
  console.log(`bundle staged in ${stage}`);
}

/** Each bundled package once, with its licence text, as their licences ask of a redistribution. */
function notices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match && !packages.has(match[1])) packages.set(match[1], join(root, match[1]));
  }
  const sections = [...packages.values()].sort().map((dir) => {
    const info = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const licenceFile = readdirSync(dir).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = licenceFile ? readFileSync(join(dir, licenceFile), "utf8").trim() : `License: ${info.license}`;
    return `## ${info.name} ${info.version} (${info.license ?? "see text"})\n\n\`\`\`\n${text}\n\`\`\`\n`;
  });
  return `# Third-party notices\n\nThis bundle includes the following packages.\n\n${sections.join("\n")}`;
}

function run(command, args) {
  const done = spawnSync(command, args, { stdio: "inherit" });
  if (done.status !== 0) fail(`${args.slice(1).join(" ")} failed`);
}

function fail(message) {
  console.error(`bundle: ${message}`);
  process.exit(1);
}
