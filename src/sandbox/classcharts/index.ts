// Placeholder until the simulated provider lands.
import type { ProviderSandbox, ProviderSandboxOptions } from "../common/types.js";

export async function startClassChartsSandbox(_options: ProviderSandboxOptions): Promise<ProviderSandbox> {
  throw new Error("not implemented yet");
}
