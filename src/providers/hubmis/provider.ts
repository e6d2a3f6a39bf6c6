import type { ProviderDescriptor } from "../types.js";
import { HubmisConnection } from "./config.js";

/** WCBS HUBmis: an independent school's MIS behind OAuth client credentials and a realm. */
export const hubmis: ProviderDescriptor<HubmisConnection> = {
  name: "hubmis",
  title: "WCBS HUBmis",
  serves: "independent-school MIS",
  connectionSchemas: [HubmisConnection],
  async create(id, config, deps) {
    const { HubmisConnector } = await import("./connector.js");
    return new HubmisConnector(id, config, deps);
  },
  async sandbox(options) {
    const { startHubmisSandbox } = await import("../../sandbox/hubmis/index.js");
    return startHubmisSandbox(options);
  },
};
