import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Sandbox servers and Redis are shared machine resources; files run in parallel workers but each test
    // file starts its own servers on ephemeral ports.
    pool: "forks",
    // The disclosure log of servers started by tests goes to a scratch directory, not the user's state dir.
    env: { SCHOOL_MCP_STATE_DIR: join(tmpdir(), "school-mcp-test-state") },
  },
});
