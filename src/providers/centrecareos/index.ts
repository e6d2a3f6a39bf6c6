/** The CentreCareOS provider: childcare centres behind a Bearer API key (see ./endpoints.ts for the API table). */
export { createCentreCareOsConnector } from "./connector.js";
export { DEFAULT_BASE_URL, MAX_MESSAGE_LENGTH } from "./endpoints.js";
