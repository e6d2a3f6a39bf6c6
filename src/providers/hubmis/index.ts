import type { HubmisConnection } from "../../config/schema.js";
import type { Connector } from "../../domain/connector.js";
import type { ConnectorDeps } from "../types.js";
import { HubmisConnector } from "./connector.js";

export { HubmisConnector } from "./connector.js";

/** The HUBmis connector for one configured connection. */
export function createHubmisConnector(id: string, config: HubmisConnection, deps: ConnectorDeps): Connector {
  return new HubmisConnector(id, config, deps);
}
