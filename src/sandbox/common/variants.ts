/**
 * Sandbox variants: the readings the providers' documents leave open, one per server start
 * (`school-mcp sandbox --variant NAME`, and in tests). The default sandbox is the demo's picture; every
 * other variant is a server a careful reader of the same documents could have written, and the connectors
 * must give the same answers against all of them.
 */
export const SANDBOX_VARIANTS = {
  default: "the documents' most natural reading (the demo)",
  "filters-ignored": "only documented filters are applied; every other query parameter is ignored",
  "small-pages": "the server caps every page far below the size asked for, and says nothing",
  "alt-fields": "alternative names and forms for every field the documents leave open",
  "extra-fields": "unknown extra fields on every record",
  nulls: "null where a field is optional",
  offsets: "date-times with explicit UTC offsets instead of Z (or the reverse)",
  "stand-in": "all of the above at once",
} as const;

export type SandboxVariant = keyof typeof SANDBOX_VARIANTS;

export const VARIANT_NAMES = Object.keys(SANDBOX_VARIANTS) as SandboxVariant[];

/** What a provider's sandbox switches on for a variant; providers read these flags, not the names. */
export interface VariantFlags {
  ignoreUndocumentedFilters: boolean;
  /** The server's real page size, whatever was asked; undefined for the documented behaviour. */
  pageCap?: number;
  altFields: boolean;
  extraFields: boolean;
  nulls: boolean;
  offsets: boolean;
}

/** The small page cap: smaller than any page size a connector would ask for, and not a round number. */
export const SMALL_PAGE_CAP = 7;

export function variantFlags(variant: SandboxVariant = "default"): VariantFlags {
  const all = variant === "stand-in";
  return {
    ignoreUndocumentedFilters: all || variant === "filters-ignored",
    ...(all || variant === "small-pages" ? { pageCap: SMALL_PAGE_CAP } : {}),
    altFields: all || variant === "alt-fields",
    extraFields: all || variant === "extra-fields",
    nulls: all || variant === "nulls",
    offsets: all || variant === "offsets",
  };
}

export function isSandboxVariant(name: string): name is SandboxVariant {
  return Object.hasOwn(SANDBOX_VARIANTS, name);
}
