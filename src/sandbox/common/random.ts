/** Deterministic PRNG (mulberry32) so the same seed gives byte-identical data. */
export interface Random {
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  shuffle<T>(items: readonly T[]): T[];
  /** An independent stream derived from this seed and a label, so adding data in one place doesn't move another. */
  fork(label: string): Random;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error("pick from empty list");
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    chance: (p) => next() < p,
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j] as (typeof copy)[number], copy[i] as (typeof copy)[number]];
      }
      return copy;
    },
    fork: (label) => createRandom(hashSeed(seed, label)),
  };
  return random;
}

function hashSeed(seed: number, label: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Clearly fictional names: common given names paired with invented surnames (nature words plus a suffix),
 * so no generated child can be mistaken for a real one.
 */
export const GIVEN_NAMES = [
  "Amara",
  "Ben",
  "Chloe",
  "Dev",
  "Ella",
  "Finn",
  "Grace",
  "Hugo",
  "Isla",
  "Jamie",
  "Kai",
  "Lily",
  "Milo",
  "Nia",
  "Oscar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
  "Umar",
  "Vera",
  "Wren",
  "Xander",
  "Yara",
  "Zac",
  "Aisha",
  "Leo",
  "Maya",
  "Noah",
  "Olive",
  "Ravi",
  "Sofia",
  "Theo",
  "Zara",
  "Emma",
  "Arlo",
  "Ivy",
  "Jude",
  "Mia",
] as const;

const SURNAME_ROOTS = [
  "Alder",
  "Bramble",
  "Copper",
  "Dapple",
  "Elder",
  "Fennel",
  "Gorse",
  "Hazel",
  "Juniper",
  "Kestrel",
  "Larch",
  "Moss",
  "Nettle",
  "Orchard",
  "Pebble",
  "Quill",
  "Rowan",
  "Sorrel",
  "Thistle",
  "Umber",
  "Vale",
  "Willow",
  "Yarrow",
  "Bracken",
  "Clover",
  "Heather",
  "Linden",
  "Marram",
  "Sedge",
  "Teasel",
] as const;
const SURNAME_SUFFIXES = ["wick", "by", "ford", "thorne", "field", "more", "stead", "combe"] as const;

export function fictionalName(random: Random): { firstName: string; lastName: string } {
  return {
    firstName: random.pick(GIVEN_NAMES),
    lastName: `${random.pick(SURNAME_ROOTS)}${random.pick(SURNAME_SUFFIXES)}`,
  };
}
