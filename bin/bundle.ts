#!/usr/bin/env node
/**
 * The Claude Desktop bundle's entry (manifest.json): with a configuration file chosen at install it serves
 * that file, without one it runs the demo over the built-in sandbox, so the bundle answers the moment it is
 * installed. Every other setting arrives as an environment variable the command line already reads.
 */
import { isUnfilledPlaceholder } from "../src/config/interpolate.js";

const config = process.env["SCHOOL_MCP_CONFIG"]?.trim();
const configured = config !== undefined && config !== "" && !isUnfilledPlaceholder(config);
process.argv.splice(2, 0, configured ? "serve" : "demo");
await import("./school-mcp.js");
