/**
 * The help text and the environment table. Nothing is imported here: `--help` and `--version` must answer
 * without loading the server.
 */

/** Each environment variable the command line reads, the flag it stands for, and what it does. */
export const ENVIRONMENT: readonly { name: string; flag: string; meaning: string }[] = [
  {
    name: "SCHOOL_MCP_CONFIG",
    flag: "--config FILE",
    meaning: "the configuration file (default ./mcp.config.json)",
  },
  {
    name: "SCHOOL_MCP_READ_ONLY",
    flag: "--read-only",
    meaning: "true/1/yes: hide and refuse every write tool (nothing turns it off again)",
  },
  {
    name: "SCHOOL_MCP_TOOLSETS",
    flag: "--toolsets a,b",
    meaning: "expose only these toolsets (core always stays)",
  },
  { name: "SCHOOL_MCP_TOOLS", flag: "--tools x,y", meaning: "expose only these tools (core always stays)" },
  { name: "SCHOOL_MCP_EXCLUDE_TOOLS", flag: "--exclude-tools x,y", meaning: "never expose these tools" },
  {
    name: "SCHOOL_MCP_LOG_LEVEL",
    flag: "--log-level L",
    meaning: "debug, info (default), warn or error; logs are JSON lines on stderr",
  },
  {
    name: "SCHOOL_MCP_TOKEN",
    flag: "",
    meaning: "demo over HTTP: its bearer token (16+ characters) instead of a new random one each start",
  },
  {
    name: "SCHOOL_MCP_STATE_DIR",
    flag: "",
    meaning: "where the disclosure log is kept (default ~/.local/state/school-mcp)",
  },
];

function environmentLines(): string[] {
  const width = Math.max(...ENVIRONMENT.map((entry) => entry.name.length));
  const flagWidth = Math.max(...ENVIRONMENT.map((entry) => entry.flag.length));
  return ENVIRONMENT.map(
    (entry) => `  ${entry.name.padEnd(width)}  ${entry.flag.padEnd(flagWidth)}  ${entry.meaning}`,
  );
}

export const USAGE = `school-mcp: MCP server for school and childcare systems

Usage:
  school-mcp serve   [--config FILE] [--http [--host H] [--port N]] [--read-only]
                     [--toolsets a,b] [--tools x,y] [--exclude-tools x,y] [--log-level L]
  school-mcp demo    [same flags] [--time-scale K] [--now ISO] [--variant NAME]
                                             the server over the built-in sandbox; no credentials needed
                                             (HUBmis rate limits 10x unless --time-scale K is given)
  school-mcp call    TOOL [--args JSON] [--config FILE | --demo]
  school-mcp tools   [--config FILE | --demo] [--json] [--read-only] [--toolsets a,b] [--tools x,y]
                     [--exclude-tools x,y]
  school-mcp check   [--config FILE]
  school-mcp sandbox [--port N] [--seed N] [--latency-ms N] [--jitter-ms N] [--error-rate P] [--time-scale K] [--now ISO]
                     [--variant NAME]        a variant reading of the documents (default, filters-ignored,
                                             small-pages, alt-fields, extra-fields, nulls, offsets, stand-in)
  school-mcp audit   [--config FILE] [--student ID] [--caller NAME] [--since DATE] [--json]
                                             who saw or changed which child's record (the disclosure log)
  school-mcp --version | -v
  school-mcp --help | -h

Environment (a flag wins over its variable, and both over the config file):
${environmentLines().join("\n")}

Config: --config FILE, else $SCHOOL_MCP_CONFIG, else ./mcp.config.json.
Exit codes: 0 ok, 1 tool or check failure, 2 usage or configuration error.`;
