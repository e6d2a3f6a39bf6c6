import type { ClassChartsConnection } from "../../config/schema.js";
import type { Connector } from "../../domain/connector.js";
import type { ConnectorDeps } from "../types.js";
import { ClassChartsConnector } from "./connector.js";

export { ClassChartsConnector } from "./connector.js";

export function createClassChartsConnector(
  id: string,
  config: ClassChartsConnection,
  deps: ConnectorDeps,
): Connector {
  return new ClassChartsConnector(id, config, deps);
}
