import type { ConnectionConfig } from "../config/schema.js";
import type { Connector } from "../domain/connector.js";
import type { ConnectorDeps } from "./types.js";

/** Builds the connector a connection's `provider` names. Each provider folder exports one factory. */
export async function createConnector(
  id: string,
  config: ConnectionConfig,
  deps: ConnectorDeps,
): Promise<Connector> {
  switch (config.provider) {
    case "centrecareos": {
      const { createCentreCareOsConnector } = await import("./centrecareos/index.js");
      return createCentreCareOsConnector(id, config, deps);
    }
    case "hubmis": {
      const { createHubmisConnector } = await import("./hubmis/index.js");
      return createHubmisConnector(id, config, deps);
    }
    case "classcharts": {
      const { createClassChartsConnector } = await import("./classcharts/index.js");
      return createClassChartsConnector(id, config, deps);
    }
  }
}
