// Placeholder until the connector lands; replaced by the provider's real factory.
import type { HubmisConnection } from "../../config/schema.js";
import type { Connector } from "../../domain/connector.js";
import type { ConnectorDeps } from "../types.js";

export function createHubmisConnector(
  _id: string,
  _config: HubmisConnection,
  _deps: ConnectorDeps,
): Connector {
  throw new Error("not implemented yet");
}
