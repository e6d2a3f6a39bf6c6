// Placeholder until the connector lands; replaced by the provider's real factory.
import type { CentreCareOsConnection } from "../../config/schema.js";
import type { Connector } from "../../domain/connector.js";
import type { ConnectorDeps } from "../types.js";

export function createCentreCareOsConnector(
  _id: string,
  _config: CentreCareOsConnection,
  _deps: ConnectorDeps,
): Connector {
  throw new Error("not implemented yet");
}
