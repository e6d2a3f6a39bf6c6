import type { Logger } from "../../log.js";
import { PROVIDERS } from "../../providers/index.js";
import type { Runtime } from "../../server/runtime.js";
import type { Flags } from "../options.js";
import { type LoadTools, open } from "../setup.js";

/** `serve` and `demo`: stdio by default, Streamable HTTP with --http. Runs until SIGINT or SIGTERM. */
export async function serve(
  flags: Flags,
  logger: Logger,
  demo: boolean,
  loadTools: LoadTools,
): Promise<number> {
  // Started now so the transport loads while the runtime is built; the imports below reuse this load and
  // report its failure, if any.
  (flags.http ? import("../../server/http.js") : import("../../server/stdio.js")).catch(() => undefined);
  const opened = await open(flags, logger, { demo, loadTools });
  let stop: () => Promise<void>;
  if (flags.http) {
    const { serveHttp } = await import("../../server/http.js");
    const http = await serveHttp(opened.runtime, opened.config.http).catch(async (error: unknown) => {
      // A port in use is reported by the caller; the sandbox and connections must not outlive it.
      await opened.close();
      throw error;
    });
    stop = http.close;
    if (demo)
      printDemoBanner(http.url, opened.generatedToken, connectionList(opened.runtime), timeScaleLine(opened));
  } else {
    const { serveStdio } = await import("../../server/stdio.js");
    const stdio = await serveStdio(opened.runtime);
    stop = stdio.close;
    if (demo)
      logger.info(
        `demo over stdio: connections ${[...opened.runtime.connections.keys()].join(", ")}; ${timeScaleLine(opened)}`,
      );
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info("shutting down", { signal });
      resolve();
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
    if (!flags.http) process.stdin.once("end", () => shutdown("stdin closed"));
  });
  await stop();
  await opened.close();
  return 0;
}

/** The demo says at start how fast its clock and rate limits run (`--time-scale`). */
function timeScaleLine(opened: {
  sandbox?: { clock: { scale: number }; rateLimitScale: Partial<Record<string, number>> };
}): string {
  const scale = opened.sandbox?.clock.scale ?? 1;
  const hubmis = opened.sandbox?.rateLimitScale["hubmis"] ?? 1;
  if (scale === 1 && hubmis !== 1) {
    return `1x clock (real dates and times); HUBmis rate limits ${hubmis}x: ${12 * hubmis} requests a real minute instead of 12 (--time-scale K runs the clock and every limit K times faster instead)`;
  }
  return scale === 1
    ? "1x (real time; HUBmis allows 12 requests a minute; --time-scale K runs K times faster)"
    : `${scale}x: the sandbox clock and every rate limit run ${scale} times faster (HUBmis: ${12 * scale} requests a real minute)`;
}

/** Over HTTP stdout carries no MCP, so the demo prints what a person needs to connect. */
function printDemoBanner(
  url: string,
  generatedToken: string | undefined,
  connections: string,
  timeScale: string,
): void {
  const token = generatedToken ?? "$SCHOOL_MCP_TOKEN";
  const desktop = {
    mcpServers: {
      "school-mcp-demo": {
        command: "npx",
        args: ["-y", "mcp-remote", url, "--header", `Authorization: Bearer ${token}`],
      },
    },
  };
  const lines = [
    "",
    "school-mcp demo is running over the built-in sandbox (fictional school and nursery data).",
    `  MCP endpoint:  ${url}`,
    `  Bearer token:  ${generatedToken ?? "(from SCHOOL_MCP_TOKEN)"}`,
    `  Connections:   ${connections}`,
    `  Time scale:    ${timeScale}`,
    ...(generatedToken
      ? [
          "  This token is new at every start. To keep one, set SCHOOL_MCP_TOKEN (16+ characters), e.g.",
          `    SCHOOL_MCP_TOKEN=${generatedToken} school-mcp demo --http`,
        ]
      : []),
    "",
    "Claude Desktop (claude_desktop_config.json), through the mcp-remote bridge:",
    JSON.stringify(desktop, null, 2),
    "",
    "Or run it directly over stdio: school-mcp demo   (see README)",
    "Try one call:",
    `  npx school-mcp call get_attendance --demo --args '{"connection":"little-acorns","groupId":"Robins"}'`,
    "",
    "Ctrl-C stops it.",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** "little-acorns (CentreCareOS), oakfield (HUBmis), …": each connection with its provider's name. */
function connectionList(runtime: Runtime): string {
  const titles = new Map(PROVIDERS.map((provider) => [provider.name, provider.title]));
  return [...runtime.connections.values()]
    .map(({ connector }) => `${connector.id} (${titles.get(connector.provider) ?? connector.provider})`)
    .join(", ");
}
