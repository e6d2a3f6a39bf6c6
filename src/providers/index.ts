import type { Connector } from "../domain/connector.js";
import { ConfigurationError } from "../errors.js";
import { centreCareOs } from "./centrecareos/provider.js";
import { classCharts } from "./classcharts/provider.js";
import type { ConnectionConfig } from "./common/config.js";
import { hubmis } from "./hubmis/provider.js";
import type { AnyProvider, ConnectorDeps } from "./types.js";

/** Every provider the server speaks to. Adding one: a folder beside these and one line here. */
export const PROVIDERS: readonly AnyProvider[] = [centreCareOs, hubmis, classCharts];

/** Builds the connector a connection's `provider` names. */
export async function createConnector(
  id: string,
  config: ConnectionConfig,
  deps: ConnectorDeps,
  providers: readonly AnyProvider[] = PROVIDERS,
): Promise<Connector> {
  const descriptor = providers.find((candidate) => candidate.name === config.provider);
  if (!descriptor) {
    throw new ConfigurationError(
      `connections.${id}.provider: must be one of ${providers.map((p) => p.name).join(", ")}`,
      `connections.${id}.provider`,
    );
  }
  return descriptor.create(id, config, deps);
}
