import { silentLogger } from "../../src/log.js";
import type { ClassChartsConnection } from "../../src/providers/classcharts/config.js";
import { ClassChartsConnector } from "../../src/providers/classcharts/connector.js";
import { type ClassChartsSandbox, startClassChartsSandbox } from "../../src/sandbox/classcharts/index.js";
import type { SandboxVariant } from "../../src/sandbox/common/variants.js";
import type { ScaledClock } from "../../src/time/clock.js";
import { createSharedCache } from "../../src/upstream/index.js";

export interface ClassChartsHarness {
  sandbox: ClassChartsSandbox;
  parent: ClassChartsConnector;
  student: ClassChartsConnector;
  /** The parent's two pupils, as ids. */
  first: string;
  second: string;
  close(): Promise<void>;
}

/** A ClassCharts sandbox and both demo connections (parent, pupil) on one clock and one cache. */
export async function startClassChartsHarness(options: {
  clock: ScaledClock;
  variant?: SandboxVariant;
  timeScale?: number;
}): Promise<ClassChartsHarness> {
  const { clock, variant, timeScale } = options;
  const sandbox = await startClassChartsSandbox({ seed: 9, clock, ...(variant ? { variant } : {}) });
  const cache = createSharedCache("memory");
  const deps = {
    logger: silentLogger,
    cache,
    cacheSensitive: false,
    clock,
    ...(timeScale ? { timeScale } : {}),
  };
  const config = (id: string) => sandbox.connections[id] as ClassChartsConnection;
  const parent = new ClassChartsConnector("classcharts-parent", config("classcharts-parent"), deps);
  const student = new ClassChartsConnector("classcharts-student", config("classcharts-student"), deps);
  const [first, second] = sandbox.data.parent.pupilIds.map(String) as [string, string];
  return {
    sandbox,
    parent,
    student,
    first,
    second,
    async close() {
      await parent.close();
      await student.close();
      await cache.close();
      await sandbox.close();
    },
  };
}
