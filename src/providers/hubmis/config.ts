import { z } from "zod";
import { connectionBase } from "../common/config.js";

export const HubmisConnection = z.strictObject({
  provider: z.literal("hubmis"),
  clientId: z.string({ error: "required" }).min(1, "must not be empty"),
  clientSecret: z.string({ error: "required" }).min(1, "must not be empty"),
  realm: z
    .string({ error: "required" })
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be the school's realm id, e.g. S999")
    .describe("HUBmis Realm id of the school, e.g. S999"),
  academicYearId: z
    .string()
    .optional()
    .describe("Overrides the active academic year (academic-year-id header)"),
  rateLimitScale: z
    .number()
    .positive()
    .max(1000)
    .optional()
    .describe(
      "Simulated HUBmis only (the demo sandbox): its rate-limit windows run this many times faster than its clock",
    ),
  ...connectionBase,
});
export type HubmisConnection = z.infer<typeof HubmisConnection>;
