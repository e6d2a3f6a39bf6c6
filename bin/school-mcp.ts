#!/usr/bin/env node
/**
 * The composition root: the only module that knows both the engine (src/) and the tool catalogue (tools/).
 * The catalogue is loaded only by commands that serve or list tools.
 */
import { main } from "../src/cli/main.js";

process.exit(await main(process.argv.slice(2), async () => (await import("../tools/registry.js")).TOOLS));
