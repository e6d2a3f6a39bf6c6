import { z } from "zod";
import { connectionBase } from "../common/config.js";

export const ClassChartsParentConnection = z.strictObject({
  provider: z.literal("classcharts"),
  role: z.literal("parent"),
  email: z.string({ error: "required" }).min(3, "must be the parent's email address"),
  password: z.string({ error: "required" }).min(1, "must not be empty"),
  ...connectionBase,
});

export const ClassChartsStudentConnection = z.strictObject({
  provider: z.literal("classcharts"),
  role: z.literal("student"),
  code: z.string({ error: "required" }).regex(/^[A-Za-z0-9]{4,20}$/, "must be the pupil's ClassCharts code"),
  dateOfBirth: z
    .string({ error: "required" })
    .regex(/^(\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4})$/, "must be YYYY-MM-DD or DD/MM/YYYY"),
  ...connectionBase,
});

export type ClassChartsConnection =
  | z.infer<typeof ClassChartsParentConnection>
  | z.infer<typeof ClassChartsStudentConnection>;
