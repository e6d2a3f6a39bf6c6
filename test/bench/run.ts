import { runCentreCareOsBench } from "./centrecareos.bench.js";
import { runClassChartsBench } from "./classcharts.bench.js";
import { runHttpBench } from "./http.bench.js";
import { runHubmisBench } from "./hubmis.bench.js";
import { runRegisterSequenceBench } from "./register-sequence.bench.js";
import { runStartupBench } from "./startup.bench.js";
import { runUpstreamBench } from "./upstream.bench.js";

/** `npm run bench`: every benchmark in turn, each printing its own figures (each provider includes its sandbox's throughput). */
const benches: [string, () => Promise<void>][] = [
  ["upstream layer", runUpstreamBench],
  ["CentreCareOS", runCentreCareOsBench],
  ["HUBmis", runHubmisBench],
  ["HUBmis register sequence", runRegisterSequenceBench],
  ["cached HTTP path", runHttpBench],
  ["ClassCharts", runClassChartsBench],
  ["start-up", runStartupBench],
];

for (const [name, run] of benches) {
  console.log(`\n=== ${name} ===`);
  await run();
}
