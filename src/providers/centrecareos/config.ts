import { z } from "zod";
import { connectionBase } from "../common/config.js";

const CCAPI_KEY = /^ccapi_[A-Za-z0-9]{32}$/;

export const CentreCareOsConnection = z.strictObject({
  provider: z.literal("centrecareos"),
  apiKey: z
    .string({ error: "required" })
    .regex(CCAPI_KEY, "must be 'ccapi_' followed by 32 letters or digits")
    .describe("CentreCareOS API key (ccapi_ + 32 alphanumerics)"),
  ...connectionBase,
});
export type CentreCareOsConnection = z.infer<typeof CentreCareOsConnection>;
