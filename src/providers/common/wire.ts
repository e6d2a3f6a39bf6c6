/** Zod pieces that more than one provider's wire schemas read alike. */
import { z } from "zod";

/** Providers send the same id as a number in one answer and a string in the next; we keep it as a string. */
export const Id = z.union([z.number(), z.string().min(1)]).transform(String);

/** Optional text: empty fields arrive as null or are left out. */
export const Text = z.string().nullish();
