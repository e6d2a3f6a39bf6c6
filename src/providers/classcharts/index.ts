// Placeholder until the connector lands; replaced by the provider's real factory.
import type { ClassChartsConnection } from "../../config/schema.js";
import type { Connector } from "../../domain/connector.js";
import type { ConnectorDeps } from "../types.js";

export function createClassChartsConnector(
  _id: string,
  _config: ClassChartsConnection,
  _deps: ConnectorDeps,
): Connector {
  throw new Error("not implemented yet");
}
