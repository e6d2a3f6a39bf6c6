import type { ProviderDescriptor } from "../types.js";
import { CentreCareOsConnection } from "./config.js";

/** CentreCareOS: childcare centres behind a Bearer API key (./endpoints.ts has the API table). */
export const centreCareOs: ProviderDescriptor<CentreCareOsConnection> = {
  name: "centrecareos",
  title: "CentreCareOS",
  serves: "childcare centres and nurseries",
  connectionSchemas: [CentreCareOsConnection],
  async create(id, config, deps) {
    const { createCentreCareOsConnector } = await import("./connector.js");
    return createCentreCareOsConnector(id, config, deps);
  },
  async sandbox(options) {
    const { startCentreCareOsSandbox } = await import("../../sandbox/centrecareos/index.js");
    return startCentreCareOsSandbox(options);
  },
};
